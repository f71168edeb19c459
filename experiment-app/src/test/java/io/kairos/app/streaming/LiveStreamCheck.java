package io.kairos.app.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.event.EventProperties;
import io.kairos.domain.event.UserEvent;
import io.kairos.domain.experiment.Experiment;
import io.kairos.streaming.wire.ActivityMessages;
import io.kairos.streaming.wire.DecisionMessages;
import io.kairos.testsupport.TestKafka;
import java.nio.charset.StandardCharsets;
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

/**
 * What a running {@code kairos stream} must do with a live event: a cart abandoned 40 minutes ago by a user of the
 * real-time arm leads, through the wall-clock heartbeat, to a decision published under that user's key.
 */
final class LiveStreamCheck {

    private LiveStreamCheck() {}

    /** A user the default experiment {@code experimentKey} puts in the real-time arm. */
    static String realtimeUser(String experimentKey) {
        Experiment experiment = Experiment.batchVersusRealtime(experimentKey, "kairos");
        return IntStream.range(0, 1000)
                .mapToObj(i -> "cli-user-" + i)
                .filter(id -> experiment.assign(id).arm().name().equals("realtime"))
                .findFirst()
                .orElseThrow();
    }

    /** Sends {@code user}'s abandoned cart to {@code activity}, then waits up to {@code limit} for the decision. */
    static void assertAbandonedCartIsDecided(
            TestKafka kafka, String activity, String decisions, String user, Duration limit) throws Exception {
        UserEvent cart = new UserEvent(
                UUID.randomUUID(),
                user,
                Instant.now().minus(Duration.ofMinutes(40)),
                null,
                new EventProperties.AddToCart("p-1", 1, 25.0, "shoes"));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.secured(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)))) {
            producer.send(new ProducerRecord<>(
                            activity, user.getBytes(StandardCharsets.UTF_8), ActivityMessages.event(cart)))
                    .get(30, TimeUnit.SECONDS);
        }
        List<ConsumerRecord<byte[], byte[]>> published =
                kafka.read(decisions, 1, limit, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        assertThat(published).as("a decision on " + decisions).isNotEmpty();
        ConsumerRecord<byte[], byte[]> decision = published.get(0);
        assertThat(new String(decision.key(), StandardCharsets.UTF_8)).isEqualTo(user);
        assertThat(decision.headers().lastHeader(DecisionMessages.DECISION_ID_HEADER))
                .isNotNull();
        assertThat(new String(decision.value(), StandardCharsets.UTF_8)).contains("cart_abandonment");
    }
}
