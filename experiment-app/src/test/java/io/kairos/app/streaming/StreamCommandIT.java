package io.kairos.app.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.app.ProcessOutput;
import io.kairos.domain.event.EventProperties;
import io.kairos.domain.event.UserEvent;
import io.kairos.domain.experiment.Experiment;
import io.kairos.streaming.wire.ActivityMessages;
import io.kairos.streaming.wire.DecisionMessages;
import io.kairos.testsupport.TestKafka;
import io.kairos.testsupport.TestPostgres;
import io.kairos.testsupport.TestServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kairos stream} as a user runs it (the packaged jar in its own JVM) against the test servers: a live event
 * leads to a published decision thanks to the wall-clock heartbeat, progress is logged, and SIGTERM stops it cleanly.
 */
class StreamCommandIT {

    private static final Duration LIMIT = Duration.ofSeconds(120);

    @TempDir
    Path workDir;

    @Test
    void givenExternalServers_whenStreamRunsAndGetsSigterm_thenItDecidesPublishesLogsAndStopsCleanly()
            throws Exception {
        TestKafka kafka = TestServers.kafka();
        TestPostgres postgres = TestServers.postgres().freshDatabase("stream_command");
        String suffix = Long.toString(System.nanoTime());
        String activity = "cli-activity-" + suffix;
        String decisions = "cli-decisions-" + suffix;
        String experimentKey = "cli-" + suffix;
        Experiment experiment = Experiment.batchVersusRealtime(experimentKey, "kairos");
        String user = IntStream.range(0, 1000)
                .mapToObj(i -> "cli-user-" + i)
                .filter(id -> experiment.assign(id).arm().name().equals("realtime"))
                .findFirst()
                .orElseThrow();

        Process stream = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        System.getProperty("kairos.jar"),
                        "stream",
                        "--spring.datasource.url=" + postgres.jdbcUrl(),
                        "--spring.datasource.username=" + postgres.username(),
                        "--spring.datasource.password=" + postgres.password(),
                        "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                        "--kairos.kafka.activity-topic=" + activity,
                        "--kairos.kafka.dead-letter-topic=" + activity + ".dlq",
                        "--kairos.kafka.decisions-topic=" + decisions,
                        "--kairos.kafka.partitions=2",
                        "--kairos.streaming.experiment-key=" + experimentKey,
                        "--kairos.streaming.archive-group=archive-" + suffix,
                        "--kairos.streaming.progress-interval=1s")
                .directory(workDir.toFile())
                .start();
        ProcessOutput out = ProcessOutput.of(stream.getInputStream(), LIMIT);
        ProcessOutput err = ProcessOutput.of(stream.getErrorStream(), LIMIT);
        try {
            out.awaitLine("Kairos is streaming.", stream);
            UserEvent cart = new UserEvent(
                    UUID.randomUUID(),
                    user,
                    Instant.now().minus(Duration.ofMinutes(40)),
                    null,
                    new EventProperties.AddToCart("p-1", 1, 25.0, "shoes"));
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
                producer.send(new ProducerRecord<>(
                                activity, user.getBytes(StandardCharsets.UTF_8), ActivityMessages.event(cart)))
                        .get(30, TimeUnit.SECONDS);
            }
            List<ConsumerRecord<byte[], byte[]>> published =
                    kafka.read(decisions, 1, LIMIT, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            assertThat(published).as("a decision on " + decisions).isNotEmpty();
            ConsumerRecord<byte[], byte[]> decision = published.get(0);
            assertThat(new String(decision.key(), StandardCharsets.UTF_8)).isEqualTo(user);
            assertThat(decision.headers().lastHeader(DecisionMessages.DECISION_ID_HEADER))
                    .isNotNull();
            assertThat(new String(decision.value(), StandardCharsets.UTF_8)).contains("cart_abandonment");
            err.awaitLine("records in the last", stream); // a log line: standard error
        } finally {
            stream.toHandle().destroy();
        }
        assertThat(stream.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        String log = out.whenClosed() + err.whenClosed();
        assertThat(stream.exitValue()).as(log).isEqualTo(143);
        assertThat(log).contains("realtime-" + experimentKey + ": assigned").doesNotContain("ERROR");
    }
}
