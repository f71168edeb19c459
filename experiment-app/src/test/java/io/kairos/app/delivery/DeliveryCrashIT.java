package io.kairos.app.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.kairos.app.PackagedKairos;
import io.kairos.app.ProcessOutput;
import io.kairos.domain.decision.Decision;
import io.kairos.domain.event.Channel;
import io.kairos.streaming.wire.DecisionMessages;
import io.kairos.testsupport.TestPostgres;
import io.kairos.testsupport.TestServers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code kairos serve --roles delivery} is killed with SIGKILL while webhook requests are in flight (the
 * receiver takes 300 ms to answer, so some were sent and never logged), then started again: every message arrives,
 * and the only repeats are of messages whose send the kill cut off, each with the same idempotency key, so a
 * receiver that keeps its keys sees every message exactly once.
 */
class DeliveryCrashIT {

    static final int MESSAGES = 120;
    static final Duration LIMIT = Duration.ofSeconds(120);

    @TempDir
    Path work;

    final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    final AtomicInteger requests = new AtomicInteger();

    @Test
    void givenDeliveryKilledMidSend_whenRestarted_thenEveryMessageArrivesAndRepeatsCarryTheSameKey() throws Exception {
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newFixedThreadPool(8));
        receiver.createContext("/email", exchange -> {
            exchange.getRequestBody().readAllBytes();
            received.computeIfAbsent(exchange.getRequestHeaders().getFirst("Idempotency-Key"), k -> new AtomicInteger())
                    .incrementAndGet();
            requests.incrementAndGet();
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        TestPostgres postgres = TestServers.postgres().freshDatabase("delivery_crash");
        String suffix = Long.toString(System.nanoTime());
        String decisions = TestServers.kafka().freshTopic("crash-decisions", 2);
        List<String> arguments = List.of(
                "serve",
                "--port=0",
                "--roles=delivery",
                "--spring.datasource.url=" + postgres.jdbcUrl(),
                "--spring.datasource.username=" + postgres.username(),
                "--spring.datasource.password=" + postgres.password(),
                "--spring.kafka.bootstrap-servers=" + TestServers.kafka().bootstrapServers(),
                "--kairos.kafka.activity-topic=crash-activity-" + suffix,
                "--kairos.kafka.dead-letter-topic=crash-activity-" + suffix + ".dlq",
                "--kairos.kafka.decisions-topic=" + decisions,
                "--kairos.delivery.group=crash-" + suffix,
                "--kairos.delivery.lease=3s",
                "--kairos.delivery.page-size=8",
                "--kairos.delivery.webhooks.email.url=http://127.0.0.1:"
                        + receiver.getAddress().getPort() + "/email",
                "--kairos.delivery.webhooks.email.secret=crash-secret",
                "--kairos.delivery.webhooks.email.timeout=5s",
                "--kairos.delivery.webhooks.email.concurrency=4");
        Set<String> ids = publish(decisions);
        try {
            Process first = start(arguments);
            long deadline = System.nanoTime() + LIMIT.toNanos();
            while (requests.get() < MESSAGES / 3 && System.nanoTime() < deadline && first.isAlive()) {
                Thread.sleep(20);
            }
            first.destroyForcibly(); // SIGKILL, with requests in flight
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            int atKill = requests.get();
            assertThat(atKill).as("killed mid-way").isBetween(MESSAGES / 3, MESSAGES - 1);

            Process second = start(arguments);
            try {
                awaitAllSent(postgres);
            } finally {
                second.destroy();
                second.waitFor(60, TimeUnit.SECONDS);
            }
        } finally {
            receiver.stop(0);
        }

        assertThat(received.keySet()).as("every message arrived").containsExactlyInAnyOrderElementsOf(ids);
        Map<String, Integer> repeats = received.entrySet().stream()
                .filter(e -> e.getValue().get() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()));
        assertThat(repeats.values())
                .as("a message is repeated at most once, by the kill")
                .allMatch(n -> n == 2);
        assertThat(repeats.size())
                .as("only messages in flight at the kill (at most a page of 8) are repeated: %s", repeats)
                .isLessThanOrEqualTo(8);
    }

    Set<String> publish(String topic) throws Exception {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(TestServers.kafka()
                .secured(Map.of(
                        "bootstrap.servers",
                        TestServers.kafka().bootstrapServers(),
                        "max.block.ms",
                        15_000,
                        "key.serializer",
                        StringSerializer.class,
                        "value.serializer",
                        StringSerializer.class)))) {
            for (int i = 0; i < MESSAGES; i++) {
                Decision decision = DeliveryIT.decision("crash_test", "u-" + i, Channel.EMAIL, Instant.now());
                ids.add(decision.id().toString());
                producer.send(new ProducerRecord<>(
                                topic, decision.userId(), DecisionMessages.of(decision, Instant.now())))
                        .get(15, TimeUnit.SECONDS);
            }
        }
        return ids;
    }

    void awaitAllSent(TestPostgres postgres) throws Exception {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        long sent = 0;
        while (System.nanoTime() < deadline) {
            try (Connection connection = postgres.connect();
                    PreparedStatement count =
                            connection.prepareStatement("select count(*) from delivery where status = 'sent'");
                    ResultSet rows = count.executeQuery()) {
                rows.next();
                sent = rows.getLong(1);
            } catch (java.sql.SQLException e) {
                sent = 0; // not migrated yet
            }
            if (sent == MESSAGES) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("only " + sent + " of " + MESSAGES + " sent within " + LIMIT);
    }

    Process start(List<String> arguments) throws IOException, InterruptedException {
        Process process =
                PackagedKairos.builder(work, List.of(), Map.of(), arguments).start();
        ProcessOutput out = ProcessOutput.of(process.getInputStream(), LIMIT);
        ProcessOutput.of(process.getErrorStream(), LIMIT);
        out.awaitLine("Kairos is serving", process);
        return process;
    }
}
