package io.kairos.streaming.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.kairos.domain.event.EventValidator;
import io.kairos.domain.port.in.EventCollector.Collected;
import io.kairos.domain.port.in.EventCollector.Collection;
import io.kairos.domain.port.in.EventCollector.EventResult;
import io.kairos.domain.port.in.EventCollector.Malformed;
import io.kairos.domain.port.in.EventCollector.Status;
import io.kairos.domain.port.in.EventCollector.TooMany;
import io.kairos.streaming.consume.DeadLetterTopic;
import io.kairos.streaming.wire.DeadLetterHeaders;
import io.kairos.streaming.wire.EventDecoder;
import io.kairos.streaming.wire.EventSchemas;
import io.kairos.testsupport.TestKafka;
import io.kairos.testsupport.TestServers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The collector against a real broker: what it stores, what it refuses, and what it answers when the log is away. */
class KafkaEventCollectorIT {

    static final Instant RECEIVED = Instant.now();

    static String pageView(String eventId, String userId) {
        return "{\"eventId\":\"" + eventId + "\",\"userId\":\"" + userId
                + "\",\"type\":\"page_view\",\"occurredAt\":\"" + RECEIVED.minusSeconds(5)
                + "\",\"schemaVersion\":1,\"properties\":{\"url\":\"/home\"}}";
    }

    static Producer<byte[], byte[]> producer(String bootstrap) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2_000);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(config);
    }

    static KafkaEventCollector collector(
            Producer<byte[], byte[]> producer, String topic, String dlq, SimpleMeterRegistry registry) {
        return new KafkaEventCollector(
                new EventDecoder(EventSchemas.load(), EventValidator.standard(), 64 * 1024),
                producer,
                topic,
                new DeadLetterTopic(producer, dlq, "http-collector"),
                3,
                Duration.ofSeconds(3),
                registry,
                Clock.systemUTC());
    }

    @Test
    void givenABatchWithOneBadEvent_whenCollected_thenTheGoodOnesAreStoredKeyedByUserAndTheBadOneDeadLettered() {
        TestKafka kafka = TestServers.kafka();
        String topic = kafka.freshTopic("activity", 2);
        String dlq = kafka.freshTopic("dlq", 1);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        String ann = UUID.randomUUID().toString();
        String bob = UUID.randomUUID().toString();
        String bad = pageView(UUID.randomUUID().toString(), "carl").replace("\"url\":\"/home\"", "\"url\":42");
        String body = "[" + pageView(ann, "ann") + "," + bad + "," + pageView(bob, "bob") + "]";
        try (Producer<byte[], byte[]> producer = producer(kafka.bootstrapServers())) {
            Collection answer =
                    collector(producer, topic, dlq, registry).collect(body.getBytes(StandardCharsets.UTF_8), RECEIVED);

            assertThat(answer).isInstanceOf(Collected.class);
            List<EventResult> results = ((Collected) answer).results();
            assertThat(results)
                    .extracting(EventResult::index, EventResult::eventId, EventResult::status)
                    .containsExactly(
                            tuple(0, ann, Status.ACCEPTED),
                            tuple(1, results.get(1).eventId(), Status.REJECTED),
                            tuple(2, bob, Status.ACCEPTED));
            assertThat(results.get(1).reason()).isEqualTo("schema-violation");
            assertThat(results.get(1).detail()).contains("url");
        }
        List<ConsumerRecord<byte[], byte[]>> stored = kafka.read(topic, 2);
        assertThat(stored)
                .extracting(record -> new String(record.key(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder("ann", "bob");
        assertThat(stored).allSatisfy(record -> {
            assertThat(record.timestamp()).isEqualTo(RECEIVED.toEpochMilli());
            assertThat(new String(
                            record.headers()
                                    .lastHeader(KafkaEventCollector.RECEIVED_AT_HEADER)
                                    .value(),
                            StandardCharsets.UTF_8))
                    .isEqualTo(RECEIVED.toString());
        });
        List<ConsumerRecord<byte[], byte[]>> deadLetters = kafka.read(dlq, 1);
        assertThat(new String(
                        deadLetters
                                .get(0)
                                .headers()
                                .lastHeader(DeadLetterHeaders.REASON)
                                .value(),
                        StandardCharsets.UTF_8))
                .isEqualTo("schema-violation");
        assertThat(new String(
                        deadLetters
                                .get(0)
                                .headers()
                                .lastHeader(DeadLetterHeaders.SOURCE_TOPIC)
                                .value(),
                        StandardCharsets.UTF_8))
                .isEqualTo(KafkaEventCollector.SOURCE);
        assertThat(registry.get("kairos.collector.events.accepted").counter().count())
                .isEqualTo(2.0);
        assertThat(registry.get("kairos.collector.events.rejected")
                        .tag("reason", "schema-violation")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void givenBodiesThatAreNotEvents_whenCollected_thenTheWholeBodyIsRefusedAndNothingIsStored() {
        TestKafka kafka = TestServers.kafka();
        String topic = kafka.freshTopic("activity", 1);
        String dlq = kafka.freshTopic("dlq", 1);
        try (Producer<byte[], byte[]> producer = producer(kafka.bootstrapServers())) {
            KafkaEventCollector collector = collector(producer, topic, dlq, new SimpleMeterRegistry());
            assertThat(collector.collect("{\"type\":".getBytes(StandardCharsets.UTF_8), RECEIVED))
                    .isInstanceOfSatisfying(
                            Malformed.class, m -> assertThat(m.reason()).isEqualTo("not-json"));
            assertThat(collector.collect(new byte[] {'[', '"', (byte) 0xC3, '"', ']'}, RECEIVED))
                    .isInstanceOfSatisfying(
                            Malformed.class, m -> assertThat(m.reason()).isEqualTo("invalid-utf8"));
            assertThat(collector.collect("[]".getBytes(StandardCharsets.UTF_8), RECEIVED))
                    .isInstanceOf(Malformed.class);
            assertThat(collector.collect(
                            "[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]".getBytes(StandardCharsets.UTF_8), RECEIVED))
                    .isInstanceOfSatisfying(
                            Malformed.class, m -> assertThat(m.detail()).contains("depth"));
            String four = "["
                    + String.join(
                            ",",
                            List.of(
                                    pageView(UUID.randomUUID().toString(), "a"),
                                    pageView(UUID.randomUUID().toString(), "b"),
                                    pageView(UUID.randomUUID().toString(), "c"),
                                    pageView(UUID.randomUUID().toString(), "d")))
                    + "]";
            assertThat(collector.collect(four.getBytes(StandardCharsets.UTF_8), RECEIVED))
                    .isEqualTo(new TooMany(4, 3));
            // A marker record, so that reading one record proves nothing was stored before it.
            assertThat(collector.collect(
                            pageView(UUID.randomUUID().toString(), "z").getBytes(StandardCharsets.UTF_8), RECEIVED))
                    .isInstanceOfSatisfying(
                            Collected.class, c -> assertThat(c.accepted()).isEqualTo(1));
        }
        assertThat(kafka.read(topic, 1))
                .extracting(record -> new String(record.key(), StandardCharsets.UTF_8))
                .containsExactly("z");
    }

    @Test
    void givenNoReachableBroker_whenCollected_thenEveryValidEventIsUnavailableNeverAccepted() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Producer<byte[], byte[]> producer = producer("127.0.0.1:" + closedPort)) {
            Collection answer = collector(producer, "user-activity", "user-activity-dlq", registry)
                    .collect(pageView(UUID.randomUUID().toString(), "ann").getBytes(StandardCharsets.UTF_8), RECEIVED);
            assertThat(answer).isInstanceOfSatisfying(Collected.class, collected -> {
                assertThat(collected.accepted()).isZero();
                assertThat(collected.unavailable()).isEqualTo(1);
                assertThat(collected.results().get(0).detail()).contains("send it again");
            });
        }
        assertThat(registry.get("kairos.collector.events.unavailable").counter().count())
                .isEqualTo(1.0);
    }
}
