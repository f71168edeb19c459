package io.kairos.app.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kairos.app.cli.ServeCommand;
import io.kairos.app.cli.ServeRole;
import io.kairos.app.streaming.StreamingPipeline;
import io.kairos.testsupport.TestPostgres;
import io.kairos.testsupport.TestServers;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code serve}'s operations endpoints on the test servers: liveness and readiness (down while Kafka is unreachable,
 * up once the stream consumers joined their groups), and {@code /actuator/prometheus}, which the real Prometheus
 * text-format parser ({@code promtool check metrics}) reads without an error or a naming problem in the platform's
 * own metrics, and whose counters move with the traffic. Skipped without {@code promtool} ({@code .ci/run} installs
 * Debian's {@code prometheus} package, which has it).
 */
class OperationsIT {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path work;

    static Optional<Path> promtool() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, "promtool"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    static List<String> arguments(TestPostgres postgres, String bootstrap, String suffix) {
        return List.of(
                "--spring.datasource.url=" + postgres.jdbcUrl(),
                "--spring.datasource.username=" + postgres.username(),
                "--spring.datasource.password=" + postgres.password(),
                "--spring.kafka.bootstrap-servers=" + bootstrap,
                "--kairos.kafka.activity-topic=ops-activity-" + suffix,
                "--kairos.kafka.dead-letter-topic=ops-activity-" + suffix + ".dlq",
                "--kairos.kafka.decisions-topic=ops-decisions-" + suffix,
                "--kairos.streaming.experiment-key=ops-" + suffix);
    }

    static HttpResponse<String> get(ConfigurableApplicationContext served, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + ServeCommand.port(served) + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(ConfigurableApplicationContext served, String body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + ServeCommand.port(served) + "/api/v1/events"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String purchase(String user) {
        return "{\"eventId\":\"" + UUID.randomUUID() + "\",\"userId\":\"" + user
                + "\",\"type\":\"purchase\",\"occurredAt\":\"" + Instant.now().minusSeconds(5)
                + "\",\"schemaVersion\":2,\"properties\":{\"order_id\":\"o-1\",\"revenue\":600,\"currency\":\"EUR\"}}";
    }

    @Test
    void givenServeWithTheStream_whenScraped_thenReadyAndTheMetricsParseAndMoveWithTraffic() throws Exception {
        Path promtool = promtool().orElse(null);
        assumeTrue(promtool != null, "no promtool on the PATH: install Debian's prometheus package, as .ci/run does");
        TestPostgres postgres = TestServers.postgres().freshDatabase("operations");
        String suffix = Long.toString(System.nanoTime());
        try (ConfigurableApplicationContext served = ServeCommand.start(
                0,
                EnumSet.of(ServeRole.COLLECTOR, ServeRole.STREAM),
                arguments(postgres, TestServers.kafka().bootstrapServers(), suffix))) {
            assertThat(get(served, "/actuator/health/readiness").statusCode())
                    .as("not ready before the stream starts")
                    .isEqualTo(503);
            served.getBean(StreamingPipeline.class).start();
            assertThat(get(served, "/actuator/health/liveness").statusCode()).isEqualTo(200);
            HttpResponse<String> ready = awaitStatus(served, "/actuator/health/readiness", 200);
            assertThat(ready.body()).contains("\"status\":\"UP\"");

            double before = value(scrape(served, promtool), "kairos_collector_events_accepted_total");
            for (int i = 0; i < 3; i++) {
                assertThat(post(served, purchase("ops-user-" + i)).statusCode()).isEqualTo(202);
            }
            assertThat(post(served, "{\"type\":").statusCode()).isEqualTo(400);
            produceGarbage("ops-activity-" + suffix);
            String after = awaitMetric(served, promtool, "kairos_stream_processing_latency_seconds_count");

            assertThat(value(after, "kairos_collector_events_accepted_total") - before)
                    .isEqualTo(3.0);
            assertThat(value(after, "kairos_collector_events_rejected_total{reason=\"not-json\"}"))
                    .isEqualTo(1.0);
            assertThat(after)
                    .contains("kairos_stream_processing_latency_seconds_bucket{arm=")
                    .contains("kairos_stream_batch_commit_seconds_count")
                    .contains("kairos_stream_lag_records{")
                    .contains("kairos_outbox_backlog_decisions ")
                    .contains("kairos_batch_last_run_completed ");
            String withDeadLetter = awaitMetric(served, promtool, "kairos_stream_dead_letters_total");
            assertGrafanaDashboardQueriesOnly(withDeadLetter, promtool);
        }
    }

    /** PromQL words of the dashboard's queries that are not metric names. */
    static final Set<String> PROMQL_WORDS = Set.of(
            "sum",
            "max",
            "min",
            "avg",
            "by",
            "without",
            "rate",
            "increase",
            "histogram_quantile",
            "time",
            "le",
            "arm",
            "group",
            "partition",
            "reason",
            "status");

    /**
     * Every query of the provisioned Grafana dashboard is valid PromQL (promtool checks them as recording rules) and
     * names only metrics this exposition has.
     */
    void assertGrafanaDashboardQueriesOnly(String exposition, Path promtool) throws Exception {
        JsonNode dashboard = JsonMapper.builder()
                .build()
                .readTree(Files.readString(
                        Path.of("..", "deploy", "monitoring", "grafana", "dashboards", "kairos.json")));
        Set<String> exported = exposition
                .lines()
                .filter(line -> !line.startsWith("#") && !line.isBlank())
                .map(line -> line.split("[{ ]", 2)[0])
                .collect(Collectors.toSet());
        StringBuilder rules = new StringBuilder("groups:\n  - name: kairos-dashboard\n    rules:\n");
        int queries = 0;
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                String expr = target.get("expr").asText().replace("$__rate_interval", "5m");
                Matcher names = Pattern.compile("(?<![0-9a-zA-Z_:.])[a-zA-Z_:][a-zA-Z0-9_:]*")
                        .matcher(expr.replaceAll("\"[^\"]*\"", ""));
                while (names.find()) {
                    String name = names.group();
                    if (PROMQL_WORDS.contains(name) || name.matches("\\d.*")) {
                        continue;
                    }
                    assertThat(exported)
                            .as(
                                    "metric %s of panel '%s' is exported",
                                    name, panel.get("title").asText())
                            .contains(name);
                }
                rules.append("      - record: kairos:dashboard:query_")
                        .append(queries++)
                        .append("\n        expr: '")
                        .append(expr.replace("'", "''"))
                        .append("'\n");
            }
        }
        assertThat(queries).isGreaterThanOrEqualTo(8);
        Path file = work.resolve("dashboard-rules.yml");
        Files.writeString(file, rules.toString(), StandardCharsets.UTF_8);
        Process check = new ProcessBuilder(promtool.toString(), "check", "rules", file.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(output).isZero();
    }

    static void produceGarbage(String topic) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", TestServers.kafka().bootstrapServers(),
                "key.serializer", ByteArraySerializer.class,
                "value.serializer", ByteArraySerializer.class))) {
            producer.send(new ProducerRecord<>(
                            topic, "u".getBytes(StandardCharsets.UTF_8), "garbage".getBytes(StandardCharsets.UTF_8)))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void givenKafkaUnreachable_whenAskedForReadiness_thenNotReadyButAlive() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        TestPostgres postgres = TestServers.postgres().freshDatabase("operations_nokafka");
        try (ConfigurableApplicationContext migrate = ServeCommand.start(
                0,
                EnumSet.of(ServeRole.STREAM),
                arguments(postgres, TestServers.kafka().bootstrapServers(), "migrate"))) {
            assertThat(get(migrate, "/actuator/health/liveness").statusCode()).isEqualTo(200);
        }
        try (ConfigurableApplicationContext served = ServeCommand.start(
                0, EnumSet.of(ServeRole.API), arguments(postgres, "127.0.0.1:" + closed, "nokafka"))) {
            HttpResponse<String> readiness = get(served, "/actuator/health/readiness");

            assertThat(readiness.statusCode()).isEqualTo(503);
            assertThat(readiness.body()).contains("\"status\":\"DOWN\"");
            assertThat(get(served, "/actuator/health/liveness").statusCode()).isEqualTo(200);
        }
    }

    static HttpResponse<String> awaitStatus(ConfigurableApplicationContext served, String path, int status)
            throws Exception {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        HttpResponse<String> response = get(served, path);
        while (response.statusCode() != status && System.nanoTime() < deadline) {
            Thread.sleep(250);
            response = get(served, path);
        }
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(status);
        return response;
    }

    String awaitMetric(ConfigurableApplicationContext served, Path promtool, String name) throws Exception {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        String text = scrape(served, promtool);
        while (value(text, name) < 1 && System.nanoTime() < deadline) {
            Thread.sleep(250);
            text = scrape(served, promtool);
        }
        return text;
    }

    /** The exposition, after promtool read it: no parse error, no naming problem in a kairos_ metric. */
    String scrape(ConfigurableApplicationContext served, Path promtool) throws Exception {
        HttpResponse<String> response = get(served, "/actuator/prometheus");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        Path exposition = work.resolve("metrics.txt");
        Files.writeString(exposition, response.body(), StandardCharsets.UTF_8);
        Process check = new ProcessBuilder(promtool.toString(), "check", "metrics")
                .redirectInput(exposition.toFile())
                .redirectErrorStream(true)
                .start();
        String problems = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(problems).isNotEqualTo(1);
        assertThat(problems).doesNotContain("error while linting");
        assertThat(problems.lines().filter(line -> line.startsWith("kairos_")))
                .as("naming problems of the platform's metrics")
                .isEmpty();
        return response.body();
    }

    /** A sample's value (summed over its label sets when {@code name} has no labels), 0 when absent. */
    static double value(String exposition, String name) {
        boolean labelled = name.contains("{");
        Pattern line = labelled
                ? Pattern.compile("^" + Pattern.quote(name) + " (\\S+)$", Pattern.MULTILINE)
                : Pattern.compile("^" + Pattern.quote(name) + "(?:\\{[^}]*})? (\\S+)$", Pattern.MULTILINE);
        Matcher matcher = line.matcher(exposition);
        double sum = 0;
        while (matcher.find()) {
            sum += Double.parseDouble(matcher.group(1));
        }
        return sum;
    }
}
