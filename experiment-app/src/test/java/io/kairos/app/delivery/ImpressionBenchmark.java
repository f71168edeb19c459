package io.kairos.app.delivery;

import static io.kairos.app.BenchmarkArguments.intArg;
import static io.kairos.app.BenchmarkArguments.seconds;
import static io.kairos.app.BenchmarkArguments.stringArg;

import io.kairos.app.BenchmarkDocs;
import io.kairos.app.cli.ServeCommand;
import io.kairos.app.cli.ServeRole;
import io.kairos.app.streaming.StreamingPipeline;
import io.kairos.domain.experiment.Experiment;
import io.kairos.domain.experiment.Mode;
import io.kairos.testsupport.TestKafka;
import io.kairos.testsupport.TestPostgres;
import io.kairos.testsupport.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Event → impression over the whole live path of {@code serve} (collector, stream, outbox, decisions topic, delivery
 * log, WebSocket), measured the way a visitor lives it: one connected in-app client per user, each sending one
 * {@code product_view} to the collector, which a campaign answers at once with an in-app message; the latency runs from
 * the moment the event was due to be sent (a fixed timeline, so a stalled sender cannot hide queueing: coordinated
 * omission corrected) to the moment the message's frame reached the client. Baselines in the same run: the collector's
 * answer to the same posts and a WebSocket ping's round trip on the same connections; stages from PostgreSQL's
 * timestamps.
 *
 * <p>Not a test: run it as a program (docs/benchmarks.md, "Event to impression"), which rewrites its results there.
 */
public final class ImpressionBenchmark {

    private static final String RESULTS = "impression-benchmark";
    private static final Duration ARRIVAL_LIMIT = Duration.ofSeconds(60);
    private static final Pattern DECISION_ID = Pattern.compile("\"decisionId\":\"([0-9a-f-]{36})\"");

    static final String CAMPAIGNS = """
            format: 1

            campaign bench_first_impression
              description: Greet a viewer at once, in the page they are on
              trigger: on product_view
              message:
                channel: in_app
                template: Welcome back: this one ships free today.
              guards:
                cooldown: 1h
            """;

    private final TestKafka kafka = TestServers.kafka();
    private final TestPostgres postgres = TestServers.postgres().freshDatabase("impression_bench");
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final Map<String, Long> arrivals = new ConcurrentHashMap<>();
    private final Map<WebSocket, Arrival> listeners = new ConcurrentHashMap<>();

    private ImpressionBenchmark() {}

    /** Runs the benchmark, prints its figures and, unless {@code --docs no}, writes them to docs/benchmarks.md. */
    public static void main(String[] args) throws Exception {
        int messages = intArg(args, "--messages", 1_000);
        int rate = intArg(args, "--rate", 50);
        int warmUp = intArg(args, "--warm-up", 200);
        boolean docs = !stringArg(args, "--docs", "yes").equals("no");
        if (messages < 1 || rate < 1 || warmUp < 0) {
            System.err.println("ImpressionBenchmark: --messages and --rate must be positive, --warm-up at least 0");
            System.exit(2);
        }
        String command = ("ImpressionBenchmark " + String.join(" ", args)).strip();
        String report = new ImpressionBenchmark().run(messages, rate, warmUp, command);
        System.out.println();
        System.out.println(report);
        if (docs) {
            BenchmarkDocs.replaceBlock(RESULTS, "Event to impression", report);
        }
        System.exit(0);
    }

    private String run(int messages, int rate, int warmUp, String command) throws Exception {
        long started = System.nanoTime();
        Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String suffix = Long.toString(System.nanoTime());
        String experimentKey = "impression-" + suffix;
        Path campaigns = Files.createTempFile("kairos-impression-", ".kairos");
        campaigns.toFile().deleteOnExit();
        Files.writeString(campaigns, CAMPAIGNS);
        List<String> arguments = List.of(
                "--spring.datasource.url=" + postgres.jdbcUrl(),
                "--spring.datasource.username=" + postgres.username(),
                "--spring.datasource.password=" + postgres.password(),
                "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--kairos.kafka.activity-topic=imp-activity-" + suffix,
                "--kairos.kafka.dead-letter-topic=imp-activity-" + suffix + ".dlq",
                "--kairos.kafka.decisions-topic=imp-decisions-" + suffix,
                "--kairos.streaming.experiment-key=" + experimentKey,
                "--kairos.streaming.campaign-file=" + campaigns,
                "--kairos.delivery.group=imp-delivery-" + suffix,
                "--logging.level.root=WARN");
        Experiment experiment = Experiment.batchVersusRealtime(experimentKey, "kairos");
        List<String> users = realtimeUsers(experiment, warmUp + messages);
        progress(
                "serve --roles collector,stream,delivery on %s Kafka and %s PostgreSQL",
                kafka.source(), postgres.source());
        try (ConfigurableApplicationContext served = ServeCommand.start(
                0, EnumSet.of(ServeRole.COLLECTOR, ServeRole.STREAM, ServeRole.DELIVERY), arguments)) {
            served.getBean(StreamingPipeline.class).start();
            served.getBean(DeliveryService.class).start();
            int port = ServeCommand.port(served);
            progress("connecting %,d in-app clients", users.size());
            List<WebSocket> sockets = connect(port, users);

            progress("warm-up: %,d messages at %d/s (not measured)", warmUp, rate);
            Timeline warm = send(port, users.subList(0, warmUp), rate);
            awaitArrivals(users.subList(0, warmUp));
            progress("measured: %,d messages at %d/s", messages, rate);
            List<String> measured = users.subList(warmUp, users.size());
            Timeline timeline = send(port, measured, rate);
            int arrived = awaitArrivals(measured);
            Histogram impression = new Histogram(3_600_000_000L, 3);
            for (String user : measured) {
                Long at = arrivals.get(user);
                if (at != null) {
                    impression.recordValue(Math.max(0, (at - timeline.due().get(user)) / 1_000));
                }
            }
            progress("round trips of WebSocket pings");
            Histogram ping = pings(sockets.subList(0, Math.min(sockets.size(), 100)), messages);
            Stages stages = stages(experimentKey, measured);
            for (WebSocket socket : sockets) {
                socket.abort();
            }
            return report(
                    command,
                    startedAt,
                    seconds(started),
                    messages,
                    rate,
                    warmUp,
                    arrived,
                    impression,
                    timeline.accepted(),
                    ping,
                    stages,
                    warm.refused() + timeline.refused());
        }
    }

    /** The first {@code count} user ids of the form {@code viewer-N} in the arm that acts in real time. */
    static List<String> realtimeUsers(Experiment experiment, int count) {
        List<String> users = new ArrayList<>();
        for (int i = 0; users.size() < count; i++) {
            String user = "viewer-" + i;
            var actsIn = experiment.assign(user).arm().actsIn();
            if (actsIn.contains(Mode.REALTIME) && !actsIn.contains(Mode.BATCH)) {
                users.add(user);
            }
        }
        return users;
    }

    private List<WebSocket> connect(int port, List<String> users) {
        List<CompletableFuture<WebSocket>> pending = new ArrayList<>();
        for (String user : users) {
            pending.add(http.newWebSocketBuilder()
                    .buildAsync(
                            URI.create("ws://localhost:" + port + "/api/v1/inbox?user=" + user), new Arrival(user)));
        }
        return pending.stream().map(CompletableFuture::join).toList();
    }

    /** Posts one product_view per user on a fixed timeline of {@code rate} per second. */
    private Timeline send(int port, List<String> users, int rate) throws InterruptedException {
        URI collector = URI.create("http://localhost:" + port + "/api/v1/events");
        Map<String, Long> due = new ConcurrentHashMap<>();
        Histogram accepted = new Histogram(3_600_000_000L, 3);
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch answered = new CountDownLatch(users.size());
        long start = System.nanoTime() + 50_000_000L;
        long interval = 1_000_000_000L / rate;
        for (int i = 0; i < users.size(); i++) {
            String user = users.get(i);
            long when = start + i * interval;
            LockSupport.parkNanos(when - System.nanoTime());
            due.put(user, when);
            String body = "{\"eventId\":\"" + UUID.randomUUID() + "\",\"userId\":\"" + user
                    + "\",\"type\":\"product_view\",\"occurredAt\":\"" + Instant.now()
                    + "\",\"schemaVersion\":2,\"properties\":{\"product_id\":\"mug-01\",\"price\":12.5}}";
            http.sendAsync(
                            HttpRequest.newBuilder(collector)
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, failure) -> {
                        if (failure == null && response.statusCode() == 202) {
                            synchronized (accepted) {
                                accepted.recordValue(Math.max(0, (System.nanoTime() - when) / 1_000));
                            }
                        } else {
                            refused.incrementAndGet();
                        }
                        answered.countDown();
                    });
        }
        answered.await(60, TimeUnit.SECONDS);
        return new Timeline(due, accepted, refused.get());
    }

    private int awaitArrivals(List<String> users) throws InterruptedException {
        long deadline = System.nanoTime() + ARRIVAL_LIMIT.toNanos();
        int arrived = 0;
        while (System.nanoTime() < deadline) {
            arrived = (int) users.stream().filter(arrivals::containsKey).count();
            if (arrived == users.size()) {
                break;
            }
            Thread.sleep(50);
        }
        return arrived;
    }

    /** {@code count} pings spread over {@code sockets}, one at a time, each timed to its pong. */
    private Histogram pings(List<WebSocket> sockets, int count) throws Exception {
        Histogram roundTrips = new Histogram(3_600_000_000L, 3);
        for (int i = 0; i < count; i++) {
            WebSocket socket = sockets.get(i % sockets.size());
            Arrival listener = listeners.get(socket);
            CompletableFuture<Long> pong = listener.expectPong();
            long sent = System.nanoTime();
            socket.sendPing(ByteBuffer.wrap(Integer.toString(i).getBytes(StandardCharsets.US_ASCII)));
            roundTrips.recordValue(Math.max(0, (pong.get(10, TimeUnit.SECONDS) - sent) / 1_000));
        }
        return roundTrips;
    }

    /** The path's stages per message from the database's wall-clock timestamps, in microseconds. */
    private Stages stages(String experimentKey, List<String> users) throws Exception {
        Histogram decide = new Histogram(3_600_000_000L, 3);
        Histogram hand = new Histogram(3_600_000_000L, 3);
        Histogram push = new Histogram(3_600_000_000L, 3);
        try (Connection connection = postgres.connect();
                PreparedStatement query = connection.prepareStatement("""
                        select extract(epoch from d.recorded_at - d.ingested_at) * 1e6,
                               extract(epoch from l.recorded_at - d.recorded_at) * 1e6,
                               extract(epoch from l.sent_at - l.recorded_at) * 1e6
                        from decision d join delivery l on l.decision_id = d.decision_id and l.channel = 'in_app'
                        where d.experiment_key = ? and d.mode = 'realtime' and not d.ghost
                          and l.status = 'sent' and d.user_id = any(?)
                        """)) {
            query.setString(1, experimentKey);
            query.setArray(2, connection.createArrayOf("varchar", users.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    decide.recordValue(Math.max(0, rows.getLong(1)));
                    hand.recordValue(Math.max(0, rows.getLong(2)));
                    push.recordValue(Math.max(0, rows.getLong(3)));
                }
            }
        }
        return new Stages(decide, hand, push);
    }

    private String report(
            String command,
            Instant startedAt,
            double seconds,
            int messages,
            int rate,
            int warmUp,
            int arrived,
            Histogram impression,
            Histogram accepted,
            Histogram ping,
            Stages stages,
            int refused) {
        StringBuilder r = new StringBuilder();
        r.append(BenchmarkDocs.startMarker(RESULTS)).append('\n');
        r.append(String.format(
                Locale.ROOT,
                "Measured %s with `%s` in %.0f s: %,d in-app messages (after %,d unmeasured), one per connected client,"
                        + " offered at %d events/s on a fixed timeline.%n%n",
                startedAt,
                command,
                seconds,
                messages,
                warmUp,
                rate));
        r.append(BenchmarkDocs.machine(kafka, postgres)).append("\n\n");
        r.append("| from → to (wall clock) | samples | p50 ms | p95 ms | p99 ms | p99.9 ms | max ms |\n");
        r.append("|---|---|---|---|---|---|---|\n");
        r.append(row("**event due → message on the client** (event → impression)", impression));
        r.append(row("baseline: event due → collector's 202 (broker acknowledged)", accepted));
        r.append(row("baseline: WebSocket ping → pong, same connections", ping));
        r.append(row("stage: collector receive → decision stored (stream)", stages.decide()));
        r.append(row("stage: decision stored → in the delivery log (outbox, decisions topic)", stages.hand()));
        r.append(row("stage: in the delivery log → acknowledged by the client (sent)", stages.push()));
        r.append(String.format(
                Locale.ROOT,
                "%n%,d of %,d messages arrived within %d s of their event; %,d posts refused.%n",
                arrived,
                messages,
                ARRIVAL_LIMIT.toSeconds(),
                refused));
        r.append(BenchmarkDocs.endMarker(RESULTS)).append('\n');
        return r.toString();
    }

    private static String row(String label, Histogram h) {
        if (h.getTotalCount() == 0) {
            return "| " + label + " | 0 | - | - | - | - | - |\n";
        }
        return String.format(
                Locale.ROOT,
                "| %s | %,d | %.1f | %.1f | %.1f | %.1f | %.1f |%n",
                label,
                h.getTotalCount(),
                h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(95) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0,
                h.getValueAtPercentile(99.9) / 1000.0,
                h.getMaxValue() / 1000.0);
    }

    private static void progress(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[impression-bench] " + format + "%n", args);
    }

    /** When each user's event was due (nanoTime), and the collector's answers. */
    record Timeline(Map<String, Long> due, Histogram accepted, int refused) {}

    /** The stages' histograms, microseconds. */
    record Stages(Histogram decide, Histogram hand, Histogram push) {}

    /** A client's listener: the arrival of its first message frame, and pongs. */
    final class Arrival implements WebSocket.Listener {
        private final String user;
        private final StringBuilder partial = new StringBuilder();
        private volatile CompletableFuture<Long> pong = new CompletableFuture<>();
        private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

        Arrival(String user) {
            this.user = user;
        }

        CompletableFuture<Long> expectPong() {
            pong = new CompletableFuture<>();
            return pong;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            listeners.put(webSocket, this);
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            long now = System.nanoTime();
            partial.append(data);
            if (last) {
                if (partial.indexOf("{\"type\":\"message\"") == 0) {
                    arrivals.putIfAbsent(user, now);
                    Matcher id = DECISION_ID.matcher(partial);
                    if (id.find()) {
                        // as the SDK does: the acknowledgement makes the message sent
                        String ack = "{\"type\":\"ack\",\"decisionId\":\"" + id.group(1) + "\"}";
                        sending = sending.thenCompose(previous -> webSocket.sendText(ack, true));
                    }
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            pong.complete(System.nanoTime());
            webSocket.request(1);
            return null;
        }
    }
}
