package io.kairos.app.streaming;

import io.kairos.domain.event.EventValidator;
import io.kairos.domain.port.in.DecisionEngine;
import io.kairos.domain.port.out.ProcessingTransaction;
import io.kairos.domain.port.out.TimerStore;
import io.kairos.domain.port.out.UserStateStore;
import io.kairos.persistence.store.EventPartitions;
import io.kairos.persistence.store.PostgresDecisionOutbox;
import io.kairos.persistence.store.PostgresOffsetStore;
import io.kairos.persistence.store.PostgresPollBatchReads;
import io.kairos.persistence.store.PostgresProcessingTransaction;
import io.kairos.persistence.store.PostgresTimerStore;
import io.kairos.persistence.store.PostgresUserStateStore;
import io.kairos.streaming.archive.ArchiveProcessor;
import io.kairos.streaming.consume.Backoff;
import io.kairos.streaming.consume.BatchHandler;
import io.kairos.streaming.consume.CommitListener;
import io.kairos.streaming.consume.DeadLetterTopic;
import io.kairos.streaming.consume.LoopSettings;
import io.kairos.streaming.consume.PollLoop;
import io.kairos.streaming.metrics.StreamingMetrics;
import io.kairos.streaming.publish.DecisionPublisher;
import io.kairos.streaming.realtime.RealtimeProcessor;
import io.kairos.streaming.realtime.RealtimeSettings;
import io.kairos.streaming.wire.EventDecoder;
import io.kairos.streaming.wire.EventSchemas;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The always-on streaming side, wired to PostgreSQL: real-time consumers (one thread each), archivers (one thread
 * each) and the decision publisher. Builds each piece on demand, so tests can run one consumer at a time with a crash
 * hook; {@link #start} runs the whole set, {@link #close} stops it and waits.
 */
public final class StreamingPipeline implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StreamingPipeline.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final StreamingOptions options;
    private final DSLContext db;
    private final BiFunction<UserStateStore, TimerStore, DecisionEngine> engineFactory;
    private final EventDecoder decoder;
    private final MeterRegistry registry;
    private final Clock clock;
    private final List<PollLoop> loops = new ArrayList<>();
    private final List<AutoCloseable> producers = new ArrayList<>();
    private DecisionPublisher publisher;
    private Producer<byte[], byte[]> deadLetterProducer;
    private UnaryOperator<ProcessingTransaction> unitOfWork = UnaryOperator.identity();

    /**
     * A pipeline over {@code db}, driving engines built by {@code engineFactory} (one per consumer thread, each over
     * that thread's batch view of the stores).
     */
    public StreamingPipeline(
            StreamingOptions options,
            DSLContext db,
            BiFunction<UserStateStore, TimerStore, DecisionEngine> engineFactory,
            EventValidator validator,
            MeterRegistry registry,
            Clock clock) {
        this.options = Objects.requireNonNull(options, "options");
        requireHonourable(options);
        this.db = Objects.requireNonNull(db, "db");
        this.engineFactory = Objects.requireNonNull(engineFactory, "engineFactory");
        this.decoder = new EventDecoder(EventSchemas.load(), validator, options.maxRecordBytes(), options.watermarks());
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Builds, without creating them, the properties of every client the pipeline may create, so that a setting
     * exactly-once cannot honour stops the start rather than the first consumer.
     */
    private static void requireHonourable(StreamingOptions options) {
        options.kafka().consumerFor(options.realtimeGroup());
        options.kafka().consumerFor(options.archiveGroup());
        options.kafka().producerFor(StringSerializer.class, StringSerializer.class);
        options.kafka().producerFor(ByteArraySerializer.class, ByteArraySerializer.class);
    }

    /**
     * Consumers created from now on commit through {@code unitOfWork} applied to the PostgreSQL unit of work: the
     * real-time benchmark's way to price exactly-once against the same code committing offsets to Kafka only.
     */
    synchronized void decorateUnitOfWork(UnaryOperator<ProcessingTransaction> unitOfWork) {
        this.unitOfWork = Objects.requireNonNull(unitOfWork, "unitOfWork");
    }

    /** The options this pipeline runs with. */
    public StreamingOptions options() {
        return options;
    }

    /** A real-time consumer, not started: run it on a thread of its own. */
    public synchronized PollLoop realtimeConsumer(CommitListener listener) {
        StreamingMetrics metrics = new StreamingMetrics(registry, options.realtimeGroup());
        RealtimeProcessor processor = new RealtimeProcessor(
                decoder,
                new RealtimeSettings(
                        options.decisionsTopic(),
                        options.grace(),
                        options.heartbeatInterval(),
                        options.heartbeatLag(),
                        options.recentIdsPerPartition()),
                metrics,
                new PostgresUserStateStore(db, options.experimentKey()),
                new PostgresTimerStore(db, options.experimentKey()),
                new PostgresPollBatchReads(db, options.experimentKey()),
                engineFactory);
        return loop(options.realtimeGroup(), processor, metrics, listener);
    }

    /** An archiver, not started: run it on a thread of its own. */
    public synchronized PollLoop archiver(CommitListener listener) {
        StreamingMetrics metrics = new StreamingMetrics(registry, options.archiveGroup());
        return loop(options.archiveGroup(), new ArchiveProcessor(decoder, metrics, false), metrics, listener);
    }

    /** The decision publisher, not started: run it on a thread of its own. */
    public synchronized DecisionPublisher publisher() {
        Map<String, Object> properties = producerProperties(StringSerializer.class, StringSerializer.class);
        KafkaProducer<String, String> producer = new KafkaProducer<>(properties);
        producers.add(producer);
        return new DecisionPublisher(
                new PostgresDecisionOutbox(db),
                producer,
                new StreamingMetrics(registry, "publisher"),
                options.publisherPageSize(),
                options.publisherIdleWait(),
                new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10)));
    }

    /** Starts the configured numbers of real-time consumers and archivers, and the publisher. */
    public synchronized void start() {
        for (int i = 0; i < options.realtimeConsumers(); i++) {
            PollLoop loop = realtimeConsumer(CommitListener.NONE);
            startThread(loop, "kairos-realtime-" + i);
        }
        for (int i = 0; i < options.archiveConsumers(); i++) {
            PollLoop loop = archiver(CommitListener.NONE);
            startThread(loop, "kairos-archiver-" + i);
        }
        if (options.publish()) {
            publisher = publisher();
            new Thread(publisher, "kairos-publisher").start();
        }
        log.info(
                "stream: {} real-time consumer(s) in group {}, {} archiver(s) in group {}, publisher {} on {}",
                options.realtimeConsumers(),
                options.realtimeGroup(),
                options.archiveConsumers(),
                options.archiveGroup(),
                options.publish() ? "on" : "off",
                options.activityTopic());
    }

    /**
     * What keeps the started pipeline from being ready, one sentence each: a consumer that has not joined its group
     * yet (or has stopped), a component stopped on a failure; empty when ready or not started.
     */
    public synchronized List<String> notReady() {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < loops.size(); i++) {
            if (!loops.get(i).joined()) {
                problems.add("consumer " + i + " has not joined its group");
            }
        }
        failure().ifPresent(failure -> problems.add("stopped on a fatal failure: " + failure.getMessage()));
        return problems;
    }

    /** Whether {@link #start()} was called. */
    public synchronized boolean started() {
        return !loops.isEmpty() || publisher != null;
    }

    /** The partitions the started consumers own now, summed. */
    public synchronized int ownedPartitions() {
        return loops.stream().mapToInt(PollLoop::ownedPartitions).sum();
    }

    /** The first fatal failure of a started component, if any stopped on one. */
    public synchronized Optional<Throwable> failure() {
        for (PollLoop loop : loops) {
            if (loop.failure().isPresent()) {
                return loop.failure();
            }
        }
        return publisher == null ? Optional.empty() : publisher.failure();
    }

    /** Stops every started component, waits for each, then closes the producers. */
    @Override
    public synchronized void close() throws InterruptedException {
        loops.forEach(PollLoop::stop);
        if (publisher != null) {
            publisher.stop();
        }
        for (PollLoop loop : loops) {
            if (!loop.awaitExit(STOP_TIMEOUT)) {
                log.warn("stream: a consumer did not stop within {}", STOP_TIMEOUT);
            }
        }
        if (publisher != null && !publisher.awaitExit(STOP_TIMEOUT)) {
            log.warn("stream: the publisher did not stop within {}", STOP_TIMEOUT);
        }
        for (AutoCloseable producer : producers) {
            try {
                producer.close();
            } catch (Exception e) {
                log.debug("stream: producer close: {}", e.toString());
            }
        }
        producers.clear();
        loops.clear();
        deadLetterProducer = null;
        publisher = null;
    }

    private PollLoop loop(String group, BatchHandler handler, StreamingMetrics metrics, CommitListener listener) {
        LoopSettings settings = new LoopSettings(
                options.kafka().consumer(),
                group,
                options.activityTopic(),
                options.pollTimeout(),
                Duration.ofMillis(100),
                Duration.ofSeconds(10),
                options.progressInterval());
        return new PollLoop(
                settings,
                handler,
                unitOfWork.apply(
                        new PostgresProcessingTransaction(db, EventPartitions.standard(db), options.experimentKey())),
                new PostgresOffsetStore(db),
                new DeadLetterTopic(
                        deadLetterProducer(), options.deadLetterTopic(), group, options.deadLetterMaxBytes()),
                metrics,
                listener,
                clock);
    }

    private Producer<byte[], byte[]> deadLetterProducer() {
        if (deadLetterProducer == null) {
            Map<String, Object> properties = producerProperties(ByteArraySerializer.class, ByteArraySerializer.class);
            // A dead letter carries the rejected value unchanged when it fits (DeadLetterTopic trims the others to
            // deadLetterMaxBytes): compress, and let the broker's own limit decide rather than the client's, unless
            // the operator chose otherwise.
            properties.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip");
            properties.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024);
            KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties);
            producers.add(producer);
            deadLetterProducer = producer;
        }
        return deadLetterProducer;
    }

    /** The operator's producer settings, idempotence and acks=all on top, a 5 ms linger unless one was set. */
    private Map<String, Object> producerProperties(Class<?> keySerializer, Class<?> valueSerializer) {
        Map<String, Object> properties = options.kafka().producerFor(keySerializer, valueSerializer);
        properties.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        return properties;
    }

    private void startThread(PollLoop loop, String name) {
        loops.add(loop);
        new Thread(loop, name).start();
    }
}
