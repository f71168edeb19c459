package io.kairos.app.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.app.KafkaClientBase;
import io.kairos.app.campaign.PublishedCampaigns;
import io.kairos.domain.campaign.CampaignFile;
import io.kairos.domain.decision.engine.CampaignEngine;
import io.kairos.domain.decision.engine.EngineSettings;
import io.kairos.domain.event.EventValidator;
import io.kairos.domain.event.UserEvent;
import io.kairos.domain.experiment.Arm;
import io.kairos.domain.experiment.Experiment;
import io.kairos.domain.experiment.ExperimentInForce;
import io.kairos.domain.experiment.Mode;
import io.kairos.domain.port.in.DecisionEngine;
import io.kairos.persistence.DatabaseSchema;
import io.kairos.persistence.store.PostgresCampaignVersionStore;
import io.kairos.streaming.consume.CommitListener;
import io.kairos.streaming.consume.DeadLetterTopic;
import io.kairos.streaming.consume.PollLoop;
import io.kairos.streaming.publish.DecisionPublisher;
import io.kairos.streaming.wire.ActivityMessages;
import io.kairos.streaming.wire.WatermarkPolicy;
import io.kairos.testsupport.TestKafka;
import io.kairos.testsupport.TestPostgres;
import io.kairos.testsupport.TestServers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One streaming set-up for an integration test: a fresh PostgreSQL database with the schema, fresh topics, the real
 * persistence adapters wired to the streaming pipeline, a producer, and ways to wait for and read what happened. The
 * experiment puts every user in the real-time arm, so every decision is delivered; replays run without heartbeat.
 */
final class StreamingRig implements AutoCloseable {

    static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    static final Duration GRACE = Duration.ofMinutes(5);
    static final Experiment ALL_REALTIME =
            new Experiment("exp", "salt", List.of(new Arm("realtime", 1, Set.of(Mode.REALTIME))));

    final TestKafka kafka;
    final TestPostgres postgres;
    final DSLContext db;
    final String activity;
    final String deadLetters;
    final String decisions;
    final int partitions;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final StreamingPipeline pipeline;
    /** The campaign versions the real-time engine decides under: none published (version 0) unless a test does. */
    final PublishedCampaigns campaigns;

    final KafkaProducer<byte[], byte[]> producer;
    private final Map<String, Object> consumerOverrides;
    private final List<PollLoop> started = new ArrayList<>();
    private final List<StreamingPipeline> others = new ArrayList<>();
    private DecisionPublisher publisher;

    StreamingRig(String purpose, int partitions, int maxPollRecords) {
        this(TestServers.kafka(), purpose, partitions, maxPollRecords);
    }

    /** A rig on this Kafka (e.g. {@link TestServers#kafkaCluster()}), its topics at the brokers' replication factor. */
    StreamingRig(TestKafka kafka, String purpose, int partitions, int maxPollRecords) {
        this(
                kafka,
                purpose,
                partitions,
                Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords),
                engine -> engine);
    }

    StreamingRig(
            String purpose,
            int partitions,
            Map<String, Object> consumerOverrides,
            UnaryOperator<DecisionEngine> engineDecorator) {
        this(TestServers.kafka(), purpose, partitions, consumerOverrides, engineDecorator);
    }

    /**
     * A rig whose consumers take these extra Kafka properties and whose real-time consumers drive the engine through
     * {@code engineDecorator} (a test's way to make one record fail in the rules).
     */
    StreamingRig(
            TestKafka kafka,
            String purpose,
            int partitions,
            Map<String, Object> consumerOverrides,
            UnaryOperator<DecisionEngine> engineDecorator) {
        this(
                kafka,
                purpose,
                partitions,
                consumerOverrides,
                engineDecorator,
                db -> () -> ExperimentInForce.always(ALL_REALTIME));
    }

    /** A rig whose engines decide the experiment that {@code experiment} reads from the rig's database. */
    StreamingRig(
            String purpose,
            int partitions,
            Map<String, Object> consumerOverrides,
            UnaryOperator<DecisionEngine> engineDecorator,
            Function<DSLContext, Supplier<ExperimentInForce>> experiment) {
        this(TestServers.kafka(), purpose, partitions, consumerOverrides, engineDecorator, experiment);
    }

    private StreamingRig(
            TestKafka kafka,
            String purpose,
            int partitions,
            Map<String, Object> consumerOverrides,
            UnaryOperator<DecisionEngine> engineDecorator,
            Function<DSLContext, Supplier<ExperimentInForce>> experiment) {
        this.kafka = kafka;
        this.partitions = partitions;
        postgres = TestServers.postgres().freshDatabase(purpose);
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(postgres.jdbcUrl());
        dataSource.setUser(postgres.username());
        dataSource.setPassword(postgres.password());
        DatabaseSchema.migrate(dataSource);
        db = DSL.using(dataSource, SQLDialect.POSTGRES);
        activity = kafka.freshTopic("user-activity", partitions);
        deadLetters = kafka.freshTopic("user-activity-dlq", 1);
        decisions = kafka.freshTopic("decisions", partitions);
        this.consumerOverrides = Map.copyOf(consumerOverrides);
        campaigns = PublishedCampaigns.load(new PostgresCampaignVersionStore(db), CampaignFile.defaults())
                .refreshingEvery(Duration.ofMillis(200));
        Supplier<ExperimentInForce> inForce = experiment.apply(db);
        pipeline = pipelineFor(inForce.get().experiment().key(), "realtime-" + activity, inForce, engineDecorator);
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.COMPRESSION_TYPE_CONFIG,
                "gzip",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                8 * 1024 * 1024));
    }

    /**
     * Another experiment's pipeline on this rig's database and topics, its real-time group {@code realtime-<key>-}
     * followed by the activity topic; {@link #close} closes it.
     */
    StreamingPipeline pipelineFor(Experiment experiment) {
        StreamingPipeline other = pipelineFor(
                experiment.key(),
                "realtime-" + experiment.key() + "-" + activity,
                () -> ExperimentInForce.always(experiment),
                engine -> engine);
        others.add(other);
        return other;
    }

    private StreamingPipeline pipelineFor(
            String experimentKey,
            String realtimeGroup,
            Supplier<ExperimentInForce> inForce,
            UnaryOperator<DecisionEngine> engineDecorator) {
        StreamingOptions options = new StreamingOptions(
                experimentKey,
                KafkaClientBase.plain(kafka.bootstrapServers()).withConsumer(consumerOverrides),
                activity,
                deadLetters,
                decisions,
                realtimeGroup,
                "archive-" + activity,
                1,
                1,
                true,
                GRACE,
                Duration.ZERO,
                Duration.ZERO,
                64 * 1024,
                10_000,
                Duration.ofMillis(100),
                Duration.ZERO,
                100,
                Duration.ofMillis(50),
                WatermarkPolicy.unsigned(),
                DeadLetterTopic.DEFAULT_MAX_BYTES);
        EngineSettings settings = new EngineSettings(GRACE, ZoneOffset.UTC);
        return new StreamingPipeline(
                options,
                db,
                (states, timers) ->
                        engineDecorator.apply(new CampaignEngine(campaigns, inForce, settings, states, timers)),
                EventValidator.standard(),
                registry,
                Clock.systemUTC());
    }

    /** Starts a real-time consumer of another experiment's pipeline on a thread of its own. */
    PollLoop startRealtime(StreamingPipeline other) {
        return start(other.realtimeConsumer(CommitListener.NONE), "realtime");
    }

    /** Starts a real-time consumer with this crash hook on a thread of its own. */
    PollLoop startRealtime(CommitListener listener) {
        return start(pipeline.realtimeConsumer(listener), "realtime");
    }

    /** Starts an archiver on a thread of its own. */
    PollLoop startArchiver() {
        return start(pipeline.archiver(CommitListener.NONE), "archiver");
    }

    /** Starts an archiver with this crash hook on a thread of its own. */
    PollLoop startArchiver(CommitListener listener) {
        return start(pipeline.archiver(listener), "archiver");
    }

    /** Starts the decision publisher on a thread of its own; {@link #close} stops it. */
    void startPublisher() {
        publisher = pipeline.publisher();
        new Thread(publisher, "publisher").start();
    }

    private PollLoop start(PollLoop loop, String name) {
        started.add(loop);
        new Thread(loop, name + "-" + started.size()).start();
        return loop;
    }

    void send(UserEvent event) {
        producer.send(new ProducerRecord<>(activity, utf8(event.userId()), ActivityMessages.event(event)));
    }

    void sendWatermark(Instant at) {
        for (int partition = 0; partition < partitions; partition++) {
            producer.send(new ProducerRecord<>(activity, partition, null, ActivityMessages.watermark(at, "test")));
        }
    }

    void sendRaw(Integer partition, byte[] key, byte[] value) {
        producer.send(new ProducerRecord<>(activity, partition, key, value));
    }

    /** Flushes the producer and returns the end offsets of the activity topic, summed. */
    long flush() {
        producer.flush();
        return endOffsets(activity);
    }

    /** The end offsets of a topic, summed: how many records it holds when nothing was deleted. */
    long endOffsets(String topic) {
        try (KafkaConsumer<byte[], byte[]> reader = reader()) {
            return reader
                    .endOffsets(reader.partitionsFor(topic).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList())
                    .values()
                    .stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }
    }

    /** Waits until a group's offsets stored in PostgreSQL add up to {@code total}. */
    void awaitStored(String group, long total) throws InterruptedException {
        await(() -> storedTotal(group) == total);
    }

    /** The sum of a group's offsets stored in PostgreSQL. */
    long storedTotal(String group) {
        Number sum = (Number) db.fetchValue(
                "select coalesce(sum(next_offset), 0) from consumer_offset where consumer_group = ?", group);
        return sum.longValue();
    }

    void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            for (PollLoop loop : started) {
                assertThat(loop.failure().filter(f -> !(f instanceof SimulatedCrash)))
                        .as("a consumer failed")
                        .isEmpty();
            }
            assertThat(System.nanoTime()).as("timed out waiting").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** Reads {@code expected} records from a topic, from the start. */
    List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
        return kafka.read(topic, expected);
    }

    private KafkaConsumer<byte[], byte[]> reader() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class));
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Stops every consumer started here and waits for each. */
    void stopConsumers() throws InterruptedException {
        for (PollLoop loop : started) {
            loop.stop();
        }
        for (PollLoop loop : started) {
            assertThat(loop.awaitExit(Duration.ofSeconds(30))).isTrue();
        }
        started.clear();
    }

    @Override
    public void close() throws Exception {
        stopConsumers();
        if (publisher != null) {
            publisher.stop();
            assertThat(publisher.awaitExit(Duration.ofSeconds(30))).isTrue();
        }
        pipeline.close();
        for (StreamingPipeline other : others) {
            other.close();
        }
        producer.close();
        campaigns.close();
    }

    /** Thrown by crash hooks: the consumer thread dies as a killed process would, with nothing after it written. */
    static final class SimulatedCrash extends Error {
        SimulatedCrash(String where) {
            super("simulated crash " + where);
        }
    }
}
