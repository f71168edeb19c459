package io.kairos.app.web;

import static io.kairos.app.BenchmarkArguments.intArg;
import static io.kairos.app.BenchmarkArguments.seconds;

import io.kairos.app.cli.ServeCommand;
import io.kairos.domain.experiment.Experiment;
import io.kairos.persistence.DatabaseSchema;
import io.kairos.report.ExperimentMetrics;
import io.kairos.report.ExperimentReport;
import io.kairos.report.MetricsQuery;
import io.kairos.report.ReportFixtureDatabase;
import io.kairos.report.ReportJson;
import io.kairos.testsupport.TestPostgres;
import io.kairos.testsupport.TestServers;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Benchmark of {@code kairos report} and of the dashboard over N users (default 1,000,000) and their events and
 * decisions, written by COPY into a fresh database; the baseline, measured in the same run, is a raw COPY-out of the
 * same rows. The first report, right after the data is written (cold caches, fresh connections), is timed apart from
 * the measured rounds. Not a test: run it as a program (see docs/benchmarks.md).
 *
 * <p>Arguments: {@code --users N} (default 1,000,000), {@code --rounds R} (default 3: report computations and
 * dashboard loads measured, the median reported).
 */
public final class ReportBenchmark {

    static final String KEY = "bench";
    static final String SALT = "bench-salt";
    static final Instant START = Instant.parse("2026-10-01T00:00:00Z");
    static final int DAYS = 28;
    static final Duration WINDOW = Duration.ofDays(7);
    static final int COPY_CHUNK = 1 << 20;

    private ReportBenchmark() {}

    /** Runs the benchmark and prints its figures. */
    public static void main(String[] args) throws Exception {
        int users = intArg(args, "--users", 1_000_000);
        int rounds = intArg(args, "--rounds", 3);
        TestPostgres postgres = TestServers.postgres().freshDatabase("report_benchmark");
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(postgres.jdbcUrl());
        dataSource.setUser(postgres.username());
        dataSource.setPassword(postgres.password());
        DatabaseSchema.migrate(dataSource);

        long loadStart = System.nanoTime();
        long[] rows = generate(dataSource, users);
        execute(dataSource, "vacuum analyze");
        System.out.printf(
                "generated %,d users: %,d events, %,d decisions by COPY in %.1f s%n",
                users, rows[0], rows[1], seconds(loadStart));

        double[] copyOut = new double[rounds];
        double[] report = new double[rounds];
        int jsonBytes = 0;
        MetricsQuery query = new MetricsQuery(dataSource, ReportFixtureDatabase.NIGHTLY_DELAY);
        long coldStart = System.nanoTime();
        ReportJson.render(ExperimentReport.of(query.read(KEY, WINDOW)));
        double cold = seconds(coldStart);
        System.out.printf("first report (right after the data is written) %.2f s%n", cold);
        for (int round = 0; round < rounds; round++) {
            copyOut[round] = copyOut(dataSource, "user_event") + copyOut(dataSource, "decision");
            long start = System.nanoTime();
            ExperimentMetrics metrics = query.read(KEY, WINDOW);
            double sql = seconds(start);
            long statisticsStart = System.nanoTime();
            ExperimentReport computed = ExperimentReport.of(metrics);
            double statistics = seconds(statisticsStart);
            long renderStart = System.nanoTime();
            String json = ReportJson.render(computed);
            double render = seconds(renderStart);
            report[round] = seconds(start);
            jsonBytes = json.getBytes(StandardCharsets.UTF_8).length;
            System.out.printf(
                    "round %d: raw COPY-out of user_event + decision %.2f s, report %.2f s (SQL %.2f s, statistics"
                            + " %.2f s, JSON %.2f s, %,d bytes); load average %.1f%n",
                    round + 1,
                    copyOut[round],
                    report[round],
                    sql,
                    statistics,
                    render,
                    jsonBytes,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }

        try (ConfigurableApplicationContext served = ServeCommand.start(
                0,
                List.of(
                        "--spring.datasource.url=" + postgres.jdbcUrl(),
                        "--spring.datasource.username=" + postgres.username(),
                        "--spring.datasource.password=" + postgres.password(),
                        "--spring.kafka.bootstrap-servers="
                                + TestServers.kafka().bootstrapServers()))) {
            String base = "http://localhost:" + ServeCommand.port(served);
            HttpClient client = HttpClient.newHttpClient();
            String api = "/api/experiments/" + KEY + "/report?attributionDays=7";
            long first = System.nanoTime();
            fetch(client, base + api);
            double firstApi = seconds(first);
            List<String> page = List.of(
                    "/experiments/" + KEY,
                    "/dashboard.css",
                    "/webjars/echarts/5.3.1/dist/echarts.min.js",
                    "/experiment.js",
                    api);
            double[] loads = new double[rounds];
            long bytes = 0;
            for (int round = 0; round < rounds; round++) {
                long start = System.nanoTime();
                bytes = 0;
                for (String path : page) {
                    bytes += fetch(client, base + path);
                }
                loads[round] = seconds(start);
            }
            System.out.printf(
                    "dashboard: first API request (computes the report) %.2f s; page load once computed"
                            + " (page, CSS, ECharts, script, report JSON; gzip; %,d bytes on the wire): median %.3f s%n",
                    firstApi, bytes, median(loads));
        }
        System.out.printf(
                "report: median %.2f s over %d rounds; raw COPY-out of the same rows: median %.2f s;"
                        + " ratio %.2f; first report %.2f s (ratio %.2f)%n",
                median(report),
                rounds,
                median(copyOut),
                median(report) / median(copyOut),
                cold,
                cold / median(copyOut));
        // The test servers' threads (embedded Kafka and PostgreSQL) would keep the JVM alive.
        System.exit(0);
    }

    /**
     * Writes the experiment and, per user, a page view on a random day; a third of users add to cart (the trigger),
     * which makes a decision in each mode (delivered or suppressed in the arm's own mode, ghost in the other), an
     * open-and-click on some delivered messages, and a purchase for some, sooner and more often in realtime.
     */
    static long[] generate(PGSimpleDataSource dataSource, int users) throws SQLException, IOException {
        execute(
                dataSource,
                "insert into experiment (experiment_key, salt) values ('" + KEY + "', '" + SALT + "')",
                "insert into experiment_arm values ('" + KEY + "', 'control', 10), ('" + KEY + "', 'batch', 45), ('"
                        + KEY + "', 'realtime', 45)",
                "select ensure_user_event_partitions(date '2026-10-01', date '2026-11-15')");
        Experiment experiment = Experiment.batchVersusRealtime(KEY, SALT);
        Random random = new Random(42);
        long events = 0;
        long decisions = 0;
        try (Connection connection = dataSource.getConnection()) {
            PGConnection pg = connection.unwrap(PGConnection.class);
            CopyIn eventCopy = pg.getCopyAPI()
                    .copyIn("copy user_event (occurred_at, event_id, user_id, event_type, properties) from stdin");
            StringBuilder eventRows = new StringBuilder();
            List<String> decisionRows = new ArrayList<>();
            for (int u = 0; u < users; u++) {
                String user = "user-" + u;
                String arm = experiment.assign(user).arm().name();
                Instant seen = START.plusSeconds((long) (random.nextDouble() * DAYS * 86_400));
                events += event(eventRows, seen, user, "page_view", "{\"url\":\"/\"}");
                if (random.nextDouble() < 1.0 / 3) {
                    Instant trigger = seen.plusSeconds(30 + random.nextInt(600));
                    events += event(eventRows, trigger, user, "add_to_cart", "{\"sku\":\"p-1\",\"price\":40}");
                    UUID decision = new UUID(u, 1);
                    boolean suppressed = random.nextDouble() < 0.15;
                    Instant delivered = null;
                    for (String mode : List.of("realtime", "batch")) {
                        String status = arm.equals(mode) ? (suppressed ? "suppressed" : "delivered") : "ghost";
                        Instant at = mode.equals("realtime")
                                ? trigger.plusSeconds(1800)
                                : trigger.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(33));
                        if (status.equals("delivered")) {
                            delivered = at;
                        }
                        long latency = (long) Math.exp(3.5 + random.nextGaussian() * 0.8);
                        decisionRows.add(decision(
                                decision, mode, user, arm, status, trigger, at, mode.equals("realtime"), latency));
                        decisions++;
                    }
                    if (delivered != null && random.nextDouble() < 0.2) {
                        Instant click = delivered.plusSeconds(60 + random.nextInt(3600));
                        events += event(
                                eventRows, click, user, "message_clicked", "{\"message_id\":\"" + decision + "\"}");
                    }
                    double rate = switch (arm) {
                        case "realtime" -> 0.16;
                        case "batch" -> 0.13;
                        default -> 0.11;
                    };
                    if (random.nextDouble() < rate) {
                        double meanHours = arm.equals("realtime") ? 14 : 24;
                        Instant purchase =
                                trigger.plusMillis((long) (-Math.log(random.nextDouble()) * meanHours * 3_600_000));
                        events += event(
                                eventRows,
                                purchase,
                                user,
                                "purchase",
                                "{\"order_id\":\"o-" + u + "\",\"revenue\":" + (20 + random.nextInt(80)) + "}");
                        if (random.nextDouble() < 0.1) {
                            events += event(
                                    eventRows,
                                    purchase.plus(Duration.ofDays(3 + random.nextInt(20))),
                                    user,
                                    "purchase",
                                    "{\"order_id\":\"r-" + u + "\",\"revenue\":30}");
                        }
                    }
                }
                if (eventRows.length() > COPY_CHUNK) {
                    write(eventCopy, eventRows);
                }
            }
            write(eventCopy, eventRows);
            eventCopy.endCopy();
            CopyIn decisionCopy = pg.getCopyAPI()
                    .copyIn("copy decision (decision_id, mode, experiment_key, campaign_id, user_id, arm, status,"
                            + " ghost, trigger_event_id, trigger_at, decided_at, delivered_at, channel, payload,"
                            + " suppression_guard, suppression_reason, recorded_at, ingested_at) from stdin");
            StringBuilder chunk = new StringBuilder();
            for (String row : decisionRows) {
                chunk.append(row);
                if (chunk.length() > COPY_CHUNK) {
                    write(decisionCopy, chunk);
                }
            }
            write(decisionCopy, chunk);
            decisionCopy.endCopy();
        }
        return new long[] {events, decisions};
    }

    private static int event(StringBuilder rows, Instant at, String user, String type, String properties) {
        rows.append(at)
                .append('\t')
                .append(UUID.randomUUID())
                .append('\t')
                .append(user)
                .append('\t')
                .append(type)
                .append('\t')
                .append(properties)
                .append('\n');
        return 1;
    }

    private static String decision(
            UUID id,
            String mode,
            String user,
            String arm,
            String status,
            Instant trigger,
            Instant at,
            boolean ingested,
            long latencyMillis) {
        boolean suppressed = status.equals("suppressed");
        Instant recorded = mode.equals("realtime") ? trigger.plusMillis(latencyMillis) : at;
        return String.join(
                        "\t",
                        id.toString(),
                        mode,
                        KEY,
                        "cart_abandonment",
                        user,
                        arm,
                        status,
                        Boolean.toString(status.equals("ghost")),
                        new UUID(id.getMostSignificantBits(), 0).toString(),
                        trigger.toString(),
                        trigger.toString(),
                        status.equals("delivered") ? at.toString() : "\\N",
                        "push",
                        "Your cart is waiting",
                        suppressed ? "cooldown" : "\\N",
                        suppressed ? "messaged recently" : "\\N",
                        recorded.toString(),
                        ingested ? trigger.toString() : "\\N")
                + "\n";
    }

    private static void write(CopyIn copy, StringBuilder rows) throws SQLException {
        byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        rows.setLength(0);
    }

    /** COPY of a whole table to a sink that discards the bytes, as fast as PostgreSQL can send them. */
    private static double copyOut(PGSimpleDataSource dataSource, String table) throws SQLException, IOException {
        try (Connection connection = dataSource.getConnection()) {
            long start = System.nanoTime();
            connection
                    .unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyOut("copy (select * from " + table + ") to stdout", OutputStream.nullOutputStream());
            return seconds(start);
        }
    }

    private static long fetch(HttpClient client, String url) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = client.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Accept-Encoding", "gzip")
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode());
        }
        return response.body().length;
    }

    private static void execute(PGSimpleDataSource dataSource, String... statements) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
