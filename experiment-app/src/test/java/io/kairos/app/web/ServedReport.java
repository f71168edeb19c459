package io.kairos.app.web;

import io.kairos.app.cli.ServeCommand;
import io.kairos.report.ReportFixtureDatabase;
import io.kairos.testsupport.TestPostgres;
import io.kairos.testsupport.TestServers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code kairos serve}'s web server on a free port, in this JVM, over a fresh database holding
 * {@link ReportFixtureDatabase}'s experiment; the test Kafka stands in for the broker the context expects.
 */
final class ServedReport implements AutoCloseable {

    private final ReportFixtureDatabase fixture;
    private final ConfigurableApplicationContext context;
    private final HttpClient client = HttpClient.newHttpClient();

    private ServedReport(ReportFixtureDatabase fixture, ConfigurableApplicationContext context) {
        this.fixture = fixture;
        this.context = context;
    }

    static ServedReport start(String database) throws SQLException {
        ReportFixtureDatabase fixture = ReportFixtureDatabase.create(database);
        TestPostgres postgres = fixture.postgres();
        ConfigurableApplicationContext context = ServeCommand.start(
                0,
                List.of(
                        "--spring.datasource.url=" + postgres.jdbcUrl(),
                        "--spring.datasource.username=" + postgres.username(),
                        "--spring.datasource.password=" + postgres.password(),
                        "--spring.kafka.bootstrap-servers="
                                + TestServers.kafka().bootstrapServers()));
        return new ServedReport(fixture, context);
    }

    ReportFixtureDatabase fixture() {
        return fixture;
    }

    /** The server's address with this path, e.g. {@code http://localhost:41234/api/experiments}. */
    String url(String path) {
        return "http://localhost:" + ServeCommand.port(context) + path;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(url(path))).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        context.close();
    }
}
