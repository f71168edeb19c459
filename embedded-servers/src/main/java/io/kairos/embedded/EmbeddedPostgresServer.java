package io.kairos.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 17 server (zonky binaries) run as a child process of this JVM, with its data in a chosen
 * directory.
 *
 * <p>The data directory is initialised on first start and kept afterwards, so a restart finds the same data. As
 * root, zonky wraps {@code initdb} and {@code postgres} in {@code unshare -U}; when that is not possible the start
 * fails with a message that says so.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    /** The superuser of the embedded server; it authenticates by trust on the loopback interface. */
    public static final String USER = "postgres";

    private final EmbeddedPostgres postgres;
    private final String database;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, String database) {
        this.postgres = postgres;
        this.database = database;
    }

    /**
     * Starts PostgreSQL with its data in {@code dataDirectory}, binaries unpacked into {@code binariesDirectory},
     * listening on {@code port} (0 picks a free port), and makes sure {@code database} exists.
     *
     * @throws EmbeddedServerException with a sentence saying what failed and what to do
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, Path binariesDirectory, int port, String database) {
        return start(dataDirectory, binariesDirectory, port, database, Map.of());
    }

    /**
     * Like {@link #start(Path, Path, int, String)}, with more settings of {@code postgresql.conf} (e.g. {@code ssl},
     * {@code ssl_cert_file}, {@code ssl_key_file} for a server that offers TLS), which replace the defaults.
     */
    public static EmbeddedPostgresServer start(
            Path dataDirectory, Path binariesDirectory, int port, String database, Map<String, String> settings) {
        int chosenPort = port == 0 ? EmbeddedKafkaServer.freePort() : EmbeddedKafkaServer.requireFree(port);
        long started = System.nanoTime();
        EmbeddedPostgres postgres;
        try {
            Files.createDirectories(dataDirectory);
            Files.createDirectories(binariesDirectory);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(binariesDirectory.toFile())
                    .setPort(chosenPort)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setRegisterShutdownHook(false)
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "on")
                    // The library's default is off; docs/operations.md promises committed means on disk.
                    .setServerConfig("synchronous_commit", "on");
            settings.forEach(builder::setServerConfig);
            postgres = builder.start();
        } catch (IOException | RuntimeException e) {
            throw new EmbeddedServerException(explain(e, dataDirectory), e);
        }
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, database);
        try {
            server.createDatabaseIfMissing();
        } catch (SQLException e) {
            server.close();
            throw new EmbeddedServerException(
                    "The embedded PostgreSQL started but the database '" + database + "' could not be created: "
                            + e.getMessage(),
                    e);
        }
        log.info(
                "Embedded PostgreSQL ready on port {} (data in {}) after {} ms",
                chosenPort,
                dataDirectory,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return server;
    }

    private static String explain(Exception e, Path dataDirectory) {
        String root = EmbeddedKafkaServer.rootMessage(e);
        if (root.contains("process failed") || root.contains("initdb")) {
            return "The embedded PostgreSQL could not initialise its data directory " + dataDirectory + " (" + root
                    + "). Running as root it needs the 'unshare' command (util-linux) and user namespaces;"
                    + " install util-linux, run as a normal user, or point the app at an external PostgreSQL.";
        }
        return "The embedded PostgreSQL could not start with data in " + dataDirectory + ": " + root
                + ". Check that the directory is writable and not used by another running server,"
                + " or point the app at an external PostgreSQL.";
    }

    private void createDatabaseIfMissing() throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                PreparedStatement exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, database);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("create database \"" + database.replace("\"", "\"\"") + "\"");
            }
        }
    }

    /** The JDBC URL of the server's application database. */
    public String jdbcUrl() {
        return postgres.getJdbcUrl(USER, database);
    }

    /** The TCP port the server listens on. */
    public int port() {
        return postgres.getPort();
    }

    /** Stops the server (a fast shutdown that keeps the data). Safe to call twice. */
    @Override
    public synchronized void close() {
        try {
            postgres.close();
            log.info("Embedded PostgreSQL on port {} stopped", postgres.getPort());
        } catch (IOException e) {
            log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }
}
