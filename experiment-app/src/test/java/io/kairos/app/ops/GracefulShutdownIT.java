package io.kairos.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.app.PackagedKairos;
import io.kairos.app.ProcessOutput;
import io.kairos.testsupport.TestPostgres;
import io.kairos.testsupport.TestServers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged {@code kairos serve} (collector and stream) under a steady stream of posted events receives SIGTERM:
 * it stops within its grace period, and once a second {@code serve} has drained the log, every event the first one
 * answered {@code accepted} is in the archive exactly once. Events whose request the shutdown cut off (no answer)
 * may or may not be stored, as the collector's contract says; none is stored twice.
 */
class GracefulShutdownIT {

    private static final Duration LIMIT = Duration.ofSeconds(120);
    private static final Pattern SERVING = Pattern.compile("at http://localhost:(\\d+)/");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path work;

    @Test
    void givenSteadyTraffic_whenServeGetsSigterm_thenEveryAcceptedEventIsArchivedOnce() throws Exception {
        TestPostgres postgres = TestServers.postgres().freshDatabase("sigterm");
        String suffix = Long.toString(System.nanoTime());
        List<String> arguments = arguments(postgres, suffix);

        Set<String> accepted = ConcurrentHashMap.newKeySet();
        Set<String> sent = ConcurrentHashMap.newKeySet();
        AtomicInteger answers = new AtomicInteger();
        Process first = serve(arguments);
        ProcessOutput out = ProcessOutput.of(first.getInputStream(), LIMIT);
        ProcessOutput err = ProcessOutput.of(first.getErrorStream(), LIMIT);
        out.awaitLine("Kairos is serving", first);
        Matcher port = SERVING.matcher(out.soFar());
        assertThat(port.find()).as(out.soFar()).isTrue();
        URI collector = URI.create("http://localhost:" + port.group(1) + "/api/v1/events");

        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> senders = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            int sender = s;
            Thread thread = new Thread(
                    () -> {
                        int batch = 0;
                        while (running.get()) {
                            if (!post(collector, sender, batch++, sent, accepted)) {
                                return;
                            }
                            answers.incrementAndGet();
                        }
                    },
                    "sender-" + s);
            thread.start();
            senders.add(thread);
        }
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (answers.get() < 200 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(answers.get()).as("the collector answered under load").isGreaterThanOrEqualTo(200);

        first.toHandle().destroy(); // SIGTERM
        boolean exited = first.waitFor(60, TimeUnit.SECONDS);
        running.set(false);
        for (Thread thread : senders) {
            thread.join(LIMIT.toMillis());
        }
        String stdout = out.whenClosed();
        String stderr = err.whenClosed();
        assertThat(exited)
                .as("serve stops within 60 s of SIGTERM:\n" + stdout + stderr)
                .isTrue();
        assertThat(first.exitValue()).as("SIGTERM's exit code, not a failure's").isEqualTo(143);
        assertThat(stderr).as("a clean stop").doesNotContain("Exception", "stopped on a fatal failure");
        assertThat(accepted).hasSizeGreaterThan(1_000);

        Process second = serve(arguments);
        ProcessOutput out2 = ProcessOutput.of(second.getInputStream(), LIMIT);
        ProcessOutput err2 = ProcessOutput.of(second.getErrorStream(), LIMIT);
        try {
            out2.awaitLine("Kairos is serving", second);
            Set<String> archived = awaitArchived(postgres, accepted);
            assertThat(archived).as("every accepted event is archived").containsAll(accepted);
            assertThat(sent).as("nothing archived that was not sent").containsAll(archived);
            try (Connection connection = postgres.connect();
                    PreparedStatement duplicates =
                            connection.prepareStatement("select count(*) - count(distinct event_id) from user_event");
                    ResultSet rows = duplicates.executeQuery()) {
                rows.next();
                assertThat(rows.getLong(1)).as("no event archived twice").isZero();
            }
        } finally {
            second.toHandle().destroy();
            second.waitFor(60, TimeUnit.SECONDS);
            out2.whenClosed();
            err2.whenClosed();
        }
    }

    /** Posts 10 events; false once the server no longer answers (it is stopping). */
    private static boolean post(URI collector, int sender, int batch, Set<String> sent, Set<String> accepted) {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 10; i++) {
            String id = UUID.randomUUID().toString();
            sent.add(id);
            body.append(i == 0 ? "" : ",")
                    .append("{\"eventId\":\"")
                    .append(id)
                    .append("\",\"userId\":\"u-")
                    .append(sender)
                    .append('-')
                    .append((batch * 10 + i) % 500)
                    .append("\",\"type\":\"page_view\",\"occurredAt\":\"")
                    .append(Instant.now().minusSeconds(1))
                    .append("\",\"schemaVersion\":2,\"properties\":{\"url\":\"/p/")
                    .append(i)
                    .append("\"}}");
        }
        body.append(']');
        HttpResponse<String> response;
        try {
            response = HTTP.send(
                    HttpRequest.newBuilder(collector)
                            .header("Content-Type", "application/json")
                            .timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        if (response.statusCode() != 202 && response.statusCode() != 503) {
            return false;
        }
        for (JsonNode result : JSON.readTree(response.body()).get("results")) {
            if ("accepted".equals(result.get("status").asText())) {
                accepted.add(result.get("eventId").asText());
            }
        }
        return true;
    }

    private static Set<String> awaitArchived(TestPostgres postgres, Set<String> accepted) throws Exception {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        Set<String> archived = new HashSet<>();
        while (System.nanoTime() < deadline) {
            archived.clear();
            try (Connection connection = postgres.connect();
                    PreparedStatement select = connection.prepareStatement("select event_id from user_event");
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    archived.add(rows.getString(1));
                }
            }
            if (archived.containsAll(accepted)) {
                return archived;
            }
            Thread.sleep(500);
        }
        return archived;
    }

    private Process serve(List<String> arguments) throws IOException {
        List<String> args = new ArrayList<>(List.of("serve", "--port=0", "--roles=collector,stream"));
        args.addAll(arguments);
        return PackagedKairos.builder(work, List.of(), Map.of(), args).start();
    }

    private static List<String> arguments(TestPostgres postgres, String suffix) {
        List<String> arguments = new ArrayList<>(
                OperationsIT.arguments(postgres, TestServers.kafka().bootstrapServers(), suffix));
        arguments.add("--kairos.collector.requests-per-second=100000");
        return arguments;
    }
}
