package io.kairos.streaming.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.port.out.OutboxMessage;
import io.kairos.domain.port.out.inmemory.InMemoryDecisionOutbox;
import io.kairos.streaming.consume.Backoff;
import io.kairos.streaming.metrics.StreamingMetrics;
import io.kairos.streaming.wire.DecisionMessages;
import io.kairos.testsupport.TestKafka;
import io.kairos.testsupport.TestServers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The outbox relay against a real broker: pages go out keyed by user with the decision id header, then are marked. */
class DecisionPublisherIT {

    @Test
    void givenThreePendingMessages_whenTwoPagesArePublished_thenAllAreOnTheTopicInOrderAndNoneIsPending()
            throws Exception {
        TestKafka kafka = TestServers.kafka();
        String topic = kafka.freshTopic("decisions", 2);
        InMemoryDecisionOutbox outbox = new InMemoryDecisionOutbox();
        List<OutboxMessage> messages = new ArrayList<>();
        for (String user : List.of("ann", "bob", "ann")) {
            messages.add(new OutboxMessage(UUID.randomUUID(), topic, user, "{\"for\":\"" + user + "\"}"));
        }
        outbox.enqueue(messages);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class))) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            DecisionPublisher publisher = new DecisionPublisher(
                    outbox,
                    producer,
                    new StreamingMetrics(registry, "publisher"),
                    2,
                    Duration.ofMillis(10),
                    new Backoff(Duration.ofMillis(10), Duration.ofMillis(100)));
            assertThat(publisher.publishPage()).isEqualTo(2);
            assertThat(publisher.publishPage()).isEqualTo(1);
            assertThat(publisher.publishPage()).isZero();
            assertThat(outbox.unpublished(10)).isEmpty();
            assertThat(registry.get("kairos.stream.published").counter().count())
                    .isEqualTo(3.0);
        }
        List<ConsumerRecord<String, String>> received =
                kafka.read(topic, 3, Duration.ofSeconds(30), new StringDeserializer(), new StringDeserializer());
        assertThat(received)
                .extracting(record -> record.key() + "|" + header(record) + "|" + record.value())
                .containsExactlyInAnyOrder(messages.stream()
                        .map(m -> m.key() + "|" + m.decisionId() + "|" + m.payload())
                        .toArray(String[]::new));
        List<String> annInOrder = received.stream()
                .filter(record -> record.key().equals("ann"))
                .map(DecisionPublisherIT::header)
                .toList();
        assertThat(annInOrder)
                .as("one user's decisions keep their order")
                .containsExactly(
                        messages.get(0).decisionId().toString(),
                        messages.get(2).decisionId().toString());
    }

    static String header(ConsumerRecord<String, String> record) {
        return new String(
                record.headers().lastHeader(DecisionMessages.DECISION_ID_HEADER).value(), StandardCharsets.UTF_8);
    }
}
