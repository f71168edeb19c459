package io.kairos.streaming.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.kairos.domain.campaign.CampaignFile;
import io.kairos.domain.decision.Decision;
import io.kairos.domain.decision.engine.CampaignEngine;
import io.kairos.domain.decision.engine.EngineSettings;
import io.kairos.domain.event.EventProperties;
import io.kairos.domain.event.EventValidator;
import io.kairos.domain.event.UserEvent;
import io.kairos.domain.experiment.Arm;
import io.kairos.domain.experiment.Experiment;
import io.kairos.domain.experiment.Mode;
import io.kairos.domain.port.out.ConsumedOffset;
import io.kairos.domain.port.out.OutboxMessage;
import io.kairos.domain.port.out.PollBatchWrites;
import io.kairos.domain.port.out.ProcessingTransaction;
import io.kairos.domain.port.out.inmemory.InMemoryDecisionOutbox;
import io.kairos.domain.port.out.inmemory.InMemoryDecisionStore;
import io.kairos.domain.port.out.inmemory.InMemoryEventArchive;
import io.kairos.domain.port.out.inmemory.InMemoryOffsetStore;
import io.kairos.domain.port.out.inmemory.InMemoryPollBatchReads;
import io.kairos.domain.port.out.inmemory.InMemoryProcessingTransaction;
import io.kairos.domain.port.out.inmemory.InMemoryTimerStore;
import io.kairos.domain.port.out.inmemory.InMemoryUserStateStore;
import io.kairos.streaming.consume.CommitListener;
import io.kairos.streaming.consume.DeadLetterTopic;
import io.kairos.streaming.consume.LoopSettings;
import io.kairos.streaming.consume.PollLoop;
import io.kairos.streaming.metrics.StreamingMetrics;
import io.kairos.streaming.wire.ActivityMessages;
import io.kairos.streaming.wire.DeadLetterHeaders;
import io.kairos.streaming.wire.EventDecoder;
import io.kairos.streaming.wire.EventSchemas;
import io.kairos.testsupport.TestKafka;
import io.kairos.testsupport.TestServers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real-time consumer against a real broker, with the domain's in-memory stores: timers fire from the partition's
 * watermark, bad records are dead-lettered between good ones, and everything a batch wrote commits with its offsets.
 */
class RealtimeConsumerIT {

    static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    static final Duration GRACE = Duration.ofMinutes(5);
    static final Experiment ALL_REALTIME =
            new Experiment("exp", "salt", List.of(new Arm("realtime", 1, Set.of(Mode.REALTIME))));

    final TestKafka kafka = TestServers.kafka();
    final InMemoryUserStateStore states = new InMemoryUserStateStore();
    final InMemoryTimerStore timers = new InMemoryTimerStore();
    final InMemoryDecisionStore decisions = new InMemoryDecisionStore();
    final InMemoryDecisionOutbox outbox = new InMemoryDecisionOutbox();
    final InMemoryOffsetStore offsets = new InMemoryOffsetStore();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final List<Long> committedOffsets = new ArrayList<>();
    final Map<UUID, Instant> ingestTimes = new HashMap<>();
    final AtomicInteger unavailableCommits = new AtomicInteger();
    String topic;
    String dlq;
    KafkaProducer<byte[], byte[]> producer;
    PollLoop loop;
    Thread thread;

    /** Commits under a lock the test reads under, since the in-memory stores are not thread-safe. */
    final class LockedTransaction implements ProcessingTransaction {
        final ProcessingTransaction delegate = new InMemoryProcessingTransaction(
                new InMemoryEventArchive(), states, timers, decisions, outbox, offsets);

        @Override
        public void commit(PollBatchWrites writes) {
            if (unavailableCommits.getAndDecrement() > 0) {
                throw new IllegalStateException(
                        "cannot commit", new SQLTransientConnectionException("connection refused", "08001"));
            }
            synchronized (RealtimeConsumerIT.this) {
                delegate.commit(writes);
                writes.offsets().forEach(offset -> committedOffsets.add(offset.nextOffset()));
                ingestTimes.putAll(writes.ingestTimes());
            }
        }
    }

    @BeforeEach
    void createTopics() {
        topic = kafka.freshTopic("activity", 1);
        dlq = kafka.freshTopic("activity-dlq", 1);
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    /** Starts the consumer; a non-zero heartbeat moves the watermark to the (fixed) wall clock when idle. */
    void startConsumer(Duration heartbeat) {
        String group = "realtime-" + topic;
        StreamingMetrics metrics = new StreamingMetrics(registry, group);
        RealtimeProcessor processor = new RealtimeProcessor(
                new EventDecoder(EventSchemas.load(), EventValidator.standard(), 64 * 1024),
                new RealtimeSettings("decisions", GRACE, heartbeat, Duration.ofMinutes(1), 1000),
                metrics,
                states,
                timers,
                new InMemoryPollBatchReads(states, timers),
                (s, t) -> new CampaignEngine(
                        CampaignFile.defaults(), ALL_REALTIME, new EngineSettings(GRACE, ZoneOffset.UTC), s, t));
        loop = new PollLoop(
                LoopSettings.of(kafka.bootstrapServers(), group, topic)
                        .withConsumerProperties(Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 3)),
                processor,
                new LockedTransaction(),
                offsets,
                new DeadLetterTopic(producer, dlq, group),
                metrics,
                CommitListener.NONE,
                Clock.fixed(T0.plus(Duration.ofHours(2)), ZoneOffset.UTC));
        thread = new Thread(loop, "realtime-test");
        thread.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (loop == null) {
            producer.close();
            return;
        }
        loop.stop();
        assertThat(loop.awaitExit(Duration.ofSeconds(20))).isTrue();
        producer.close();
    }

    void send(String userId, UserEvent event) {
        producer.send(new ProducerRecord<>(topic, bytes(userId), ActivityMessages.event(event)));
    }

    Future<RecordMetadata> sendWatermark(Instant at) {
        return producer.send(new ProducerRecord<>(topic, 0, null, ActivityMessages.watermark(at, "test")));
    }

    void sendRaw(String key, String value) {
        producer.send(new ProducerRecord<>(topic, key == null ? null : bytes(key), bytes(value)));
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static UserEvent addToCart(String userId, Instant at) {
        return new UserEvent(
                UUID.randomUUID(), userId, at, null, new EventProperties.AddToCart("p-1", 1, 40.0, "shoes"));
    }

    static UserEvent purchase(String userId, Instant at) {
        return new UserEvent(
                UUID.randomUUID(), userId, at, null, new EventProperties.Purchase("o-" + userId, 40.0, "EUR"));
    }

    void awaitCommitted(long nextOffset) throws InterruptedException {
        await(() -> committedOffsets.contains(nextOffset));
    }

    void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            synchronized (this) {
                if (condition.getAsBoolean()) {
                    return;
                }
            }
            assertThat(loop.failure()).isEmpty();
            assertThat(System.nanoTime()).as("timed out").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    synchronized List<Decision> delivered() {
        return decisions.deliveredBetween("exp", Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"));
    }

    @Test
    void givenCartsAPurchaseAndWatermarks_whenConsumed_thenOnlyTheAbandonedCartFiresAfterDuePlusGrace()
            throws Exception {
        startConsumer(Duration.ZERO);
        send("ann", addToCart("ann", T0));
        send("bob", addToCart("bob", T0));
        send("bob", purchase("bob", T0.plus(Duration.ofMinutes(10))));
        sendWatermark(T0.plus(Duration.ofMinutes(34)));
        producer.flush();
        awaitCommitted(4);
        assertThat(delivered()).as("due at 10:30, grace until 10:35").isEmpty();

        Future<RecordMetadata> firing = sendWatermark(T0.plus(Duration.ofMinutes(36)));
        producer.flush();
        awaitCommitted(5);
        List<Decision> fired = delivered();
        assertThat(fired).singleElement().satisfies(decision -> {
            assertThat(decision.userId()).isEqualTo("ann");
            assertThat(decision.campaignId()).isEqualTo("cart_abandonment");
            assertThat(decision.decidedAt()).isEqualTo(T0.plus(Duration.ofMinutes(30)));
        });
        synchronized (this) {
            assertThat(outbox.unpublished(10))
                    .extracting(OutboxMessage::decisionId, OutboxMessage::key, OutboxMessage::topic)
                    .containsExactly(tuple(fired.get(0).id(), "ann", "decisions"));
            assertThat(offsets.committed("realtime-" + topic, topic))
                    .containsExactly(new ConsumedOffset("realtime-" + topic, topic, 0, 5));
            assertThat(timers.size()).isZero();
            assertThat(ingestTimes)
                    .as("a timer's decision is ingested with the watermark record that fired it")
                    .containsEntry(
                            fired.get(0).id(), Instant.ofEpochMilli(firing.get().timestamp()));
        }
        assertThat(registry.get("kairos.stream.processing.latency").timer().count())
                .isEqualTo(1);
        assertThat(registry.get("kairos.stream.timer.fire.delay").timer().totalTime(TimeUnit.MINUTES))
                .isEqualTo(6.0);
    }

    @Test
    void givenBadRecordsBetweenGoodOnes_whenConsumed_thenEachBadOneIsDeadLetteredAndTheGoodOnesApplied()
            throws Exception {
        startConsumer(Duration.ZERO);
        UserEvent first = addToCart("carl", T0);
        send("carl", first);
        sendRaw("carl", "not json");
        sendRaw(null, new String(ActivityMessages.event(addToCart("dana", T0)), StandardCharsets.UTF_8));
        send("carl", first);
        send("dana", addToCart("dana", T0.plusSeconds(1)));
        producer.flush();
        awaitCommitted(5);
        synchronized (this) {
            assertThat(states.load("carl"))
                    .hasValueSatisfying(s -> assertThat(s.cart().items()).isEqualTo(1));
            assertThat(states.load("dana"))
                    .hasValueSatisfying(s -> assertThat(s.cart().items()).isEqualTo(1));
        }
        List<ConsumerRecord<byte[], byte[]>> letters = kafka.read(dlq, 3);
        assertThat(letters)
                .extracting(r -> header(r, DeadLetterHeaders.REASON) + "@" + header(r, DeadLetterHeaders.SOURCE_OFFSET))
                .containsExactly("not-json@1", "key-mismatch@2", "duplicate-event@3");
        assertThat(header(letters.get(2), DeadLetterHeaders.SCHEMA_VERSION)).isEqualTo("2");
        assertThat(header(letters.get(0), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(topic);
        assertThat(new String(letters.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("not json");
    }

    @Test
    void givenPostgresUnavailableForTwoCommits_whenConsumed_thenTheBatchIsRetriedAndNoRecordIsSkipped()
            throws Exception {
        unavailableCommits.set(2);
        startConsumer(Duration.ZERO);
        for (String user : List.of("fay", "gus", "hal", "ida")) {
            send(user, addToCart(user, T0));
        }
        producer.flush();
        awaitCommitted(4);
        synchronized (this) {
            assertThat(states.size()).isEqualTo(4);
            assertThat(timers.size()).isEqualTo(4);
        }
        assertThat(registry.get("kairos.stream.batch.retries").counter().count())
                .isEqualTo(2.0);
    }

    @Test
    void givenLiveModeAndNoMoreEvents_whenTheHeartbeatFollowsTheWallClock_thenTheIdlePartitionsTimerFires()
            throws Exception {
        startConsumer(Duration.ofMillis(100));
        send("eve", addToCart("eve", T0));
        producer.flush();
        awaitCommitted(1);
        await(() -> !delivered().isEmpty());
        assertThat(delivered()).singleElement().satisfies(decision -> {
            assertThat(decision.userId()).isEqualTo("eve");
            assertThat(decision.decidedAt()).isEqualTo(T0.plus(Duration.ofMinutes(30)));
        });
        assertThat(registry.get("kairos.stream.watermark").gauge().value())
                .as("wall clock minus the heartbeat lag, in seconds")
                .isEqualTo(T0.plus(Duration.ofHours(2))
                                .minus(Duration.ofMinutes(1))
                                .toEpochMilli()
                        / 1000.0);
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
