package io.kairos.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reachable PostgreSQL server for tests, and a way to get an isolated, empty database on it.
 *
 * @param jdbcUrl JDBC URL of the server's main test database
 * @param username user to connect as
 * @param password password, empty when the server trusts the user
 * @param source where the server comes from: external, Testcontainers or embedded
 */
public record TestPostgres(String jdbcUrl, String username, String password, String source) {

    private static final Pattern URL = Pattern.compile("^(jdbc:postgresql://[^/]+/)([^?]*)(.*)$");
    private static final AtomicInteger DATABASES = new AtomicInteger();

    /** Opens a connection to the main test database. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, credentials());
    }

    /**
     * Creates a new empty database named after {@code purpose} and returns its endpoint, so that a test class gets
     * tables no other test touches.
     */
    public TestPostgres freshDatabase(String purpose) {
        String name = ("kairos_" + purpose.replaceAll("[^A-Za-z0-9]", "_") + "_"
                        + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet())
                .toLowerCase();
        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
        } catch (SQLException e) {
            throw new TestServerUnavailableException(
                    "Cannot create the test database " + name + " on " + source + " PostgreSQL: " + e.getMessage()
                            + " The test user needs the CREATEDB privilege.",
                    e);
        }
        Matcher m = URL.matcher(jdbcUrl);
        if (!m.matches()) {
            throw new IllegalStateException("Unexpected JDBC URL shape: " + jdbcUrl);
        }
        return new TestPostgres(m.group(1) + name + m.group(3), username, password, source);
    }

    TestPostgres checkReachable(String advice) {
        try (Connection ignored = connect()) {
            return this;
        } catch (SQLException e) {
            throw new TestServerUnavailableException(
                    "PostgreSQL at " + jdbcUrl + " is not reachable (" + e.getMessage() + "). " + advice, e);
        }
    }

    private Properties credentials() {
        Properties properties = new Properties();
        properties.setProperty("user", username);
        if (!password.isEmpty()) {
            properties.setProperty("password", password);
        }
        properties.setProperty("connectTimeout", "10");
        return properties;
    }
}
