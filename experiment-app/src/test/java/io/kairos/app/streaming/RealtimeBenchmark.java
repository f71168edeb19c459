package io.kairos.app.streaming;

import static io.kairos.app.BenchmarkArguments.intArg;
import static io.kairos.app.BenchmarkArguments.seconds;
import static io.kairos.app.BenchmarkArguments.stringArg;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.kairos.app.BenchmarkDocs;
import io.kairos.app.KafkaClientBase;
import io.kairos.app.batch.SimulatedDay;
import io.kairos.domain.campaign.CampaignFile;
import io.kairos.domain.decision.engine.CampaignEngine;
import io.kairos.domain.decision.engine.EngineSettings;
import io.kairos.domain.event.EventValidator;
import io.kairos.domain.event.UserEvent;
import io.kairos.domain.experiment.Experiment;
import io.kairos.domain.port.out.ConsumedOffset;
import io.kairos.domain.port.out.PollBatchWrites;
import io.kairos.domain.port.out.ProcessingTransaction;
import io.kairos.persistence.DatabaseSchema;
import io.kairos.persistence.store.EventCopyFormat;
import io.kairos.persistence.store.EventPartitions;
import io.kairos.streaming.consume.CommitListener;
import io.kairos.streaming.consume.DeadLetterTopic;
import io.kairos.streaming.consume.PollLoop;
import io.kairos.streaming.publish.DecisionPublisher;
import io.kairos.streaming.wire.ActivityMessages;
import io.kairos.streaming.wire.EventDecoder;
import io.kairos.streaming.wire.WatermarkPolicy;
import io.kairos.testsupport.TestKafka;
import io.kairos.testsupport.TestPostgres;
import io.kairos.testsupport.TestServers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.postgresql.PGConnection;

/**
 * Benchmark of the real-time path on real Kafka and PostgreSQL (the embedded servers, or the external ones the test
 * servers are pointed at), each figure against baselines measured in the same run: sustained throughput with
 * exactly-once commits and with offsets committed to Kafka only, latency at fixed offered loads (coordinated omission
 * corrected: every send has its time on a fixed timeline, and latency counts from that time), scaling, and a profile.
 * Not a test: run it as a program (docs/benchmarks.md, "Real-time pipeline"), which rewrites its results there.
 *
 * <p>Arguments: {@code --events N} (default 500,000), {@code --users U} (default 100,000), {@code --latency-seconds S}
 * (default 30, each load; 0 skips the latency runs), {@code --scaling yes|no} (default yes), {@code --docs yes|no} (default yes: rewrite the
 * results in docs/benchmarks.md).
 */
public final class RealtimeBenchmark {

    private static final int PARTITIONS = 4;
    private static final Instant DAY = Instant.parse("2026-11-02T00:00:00Z");
    private static final Duration GRACE = Duration.ofMinutes(5);

    /** USER_HZ, the unit of /proc's CPU times: 100 on every Linux architecture the JVM runs on. */
    private static final double CLOCK_TICKS = 100;

    private static final String RESULTS = "realtime-benchmark";
    private static final String RESULTS_START = BenchmarkDocs.startMarker(RESULTS);
    private static final String RESULTS_END = BenchmarkDocs.endMarker(RESULTS);

    private final TestKafka kafka = TestServers.kafka();
    private final TestPostgres postgres = TestServers.postgres();
    private final StringBuilder report = new StringBuilder();
    private final List<HikariDataSource> pools = new ArrayList<>();
    private int runs;

    private RealtimeBenchmark() {}

    /** Runs the benchmark, prints its figures and, unless {@code --docs no}, writes them to docs/benchmarks.md. */
    public static void main(String[] args) throws Exception {
        int events = intArg(args, "--events", 500_000);
        int users = intArg(args, "--users", 100_000);
        int latencySeconds = intArg(args, "--latency-seconds", 30);
        boolean scaling = !stringArg(args, "--scaling", "yes").equals("no");
        boolean docs = !stringArg(args, "--docs", "yes").equals("no");
        String command = "RealtimeBenchmark " + String.join(" ", args);
        new RealtimeBenchmark().run(events, users, latencySeconds, scaling, docs, command);
        System.exit(0);
    }

    private void run(int events, int users, int latencySeconds, boolean scaling, boolean docs, String command)
            throws Exception {
        long started = System.nanoTime();
        Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        progress("generating a simulated day of about %,d events of %,d users", events, users);
        List<UserEvent> day = SimulatedDay.events(users, events, DAY);
        Workload workload = Workload.of(day);
        progress("%,d events, %,d bytes as JSON", workload.size(), workload.bytes());

        String topic = kafka.freshTopic("bench-activity", PARTITIONS);
        double produceRate = produce(topic, workload, PARTITIONS);
        double consumeRate = rawConsume(topic, workload.size());
        double copyRate = rawCopy(day);
        CommitRates commits = emptyCommits();

        // Unmeasured passes first, so that no measured setting pays for the JIT compiling the path; then the two
        // settings alternately, twice each, so that a slow moment of the machine does not fall on one of them only.
        throughput("warm-up 1", topic, workload.size(), 1, true, false);
        throughput("warm-up 2", topic, workload.size(), 1, false, false);
        Throughput exactlyOnce = throughput("exactly-once 1", topic, workload.size(), 1, true, false);
        Throughput atLeastOnce = throughput("at-least-once 1", topic, workload.size(), 1, false, false);
        exactlyOnce = exactlyOnce.and(throughput("exactly-once 2", topic, workload.size(), 1, true, false));
        atLeastOnce = atLeastOnce.and(throughput("at-least-once 2", topic, workload.size(), 1, false, false));
        progress(
                "exactly-once over both passes %,.0f events/s, at-least-once %,.0f events/s",
                exactlyOnce.realtimeRate(), atLeastOnce.realtimeRate());
        // The profile in a pass of its own: recording slows the JVM, so its pass is not a measured one.
        Profile profile =
                throughput("profiled", topic, workload.size(), 1, true, true).profile();

        List<String> scalingRows = new ArrayList<>();
        if (scaling) {
            Throughput twoConsumers = throughput("2 consumers", topic, workload.size(), 2, true, false);
            String twelve = kafka.freshTopic("bench-activity-12", 12);
            produce(twelve, workload, 12);
            Throughput twelvePartitions = throughput("12 partitions", twelve, workload.size(), 1, true, false);
            String hot = kafka.freshTopic("bench-activity-hot", PARTITIONS);
            produce(hot, Workload.of(withHotKey(day)), PARTITIONS);
            Throughput hotKey = throughput("hot key", hot, workload.size(), 1, true, false);
            scalingRows.add(row("1 consumer, 4 partitions (above)", exactlyOnce));
            scalingRows.add(row("2 consumers (threads of one process), 4 partitions", twoConsumers));
            scalingRows.add(row("1 consumer, 12 partitions", twelvePartitions));
            scalingRows.add(row("1 consumer, 4 partitions, one user sends 10% of the events", hotKey));
        }

        double max = exactlyOnce.realtimeRate();
        Latency half = latencySeconds == 0 ? null : latency("50%", workload, max * 0.5, latencySeconds);
        Latency eighty = latencySeconds == 0 ? null : latency("80%", workload, max * 0.8, latencySeconds);

        write(
                command,
                startedAt,
                seconds(started),
                workload,
                produceRate,
                consumeRate,
                copyRate,
                commits,
                exactlyOnce,
                atLeastOnce,
                profile,
                scalingRows,
                half,
                eighty);
        System.out.println();
        System.out.println(report);
        if (docs) {
            BenchmarkDocs.replaceBlock(RESULTS, "Real-time pipeline", report.toString());
        }
    }

    /** The events as the producer sends them: keys, values and each one's partition. */
    record Workload(List<byte[]> keys, List<byte[]> values, List<String> users) {

        static Workload of(List<UserEvent> events) {
            List<byte[]> keys = new ArrayList<>(events.size());
            List<byte[]> values = new ArrayList<>(events.size());
            List<String> users = new ArrayList<>(events.size());
            for (UserEvent event : events) {
                keys.add(event.userId().getBytes(StandardCharsets.UTF_8));
                values.add(ActivityMessages.event(event));
                users.add(event.userId());
            }
            return new Workload(keys, values, users);
        }

        int size() {
            return values.size();
        }

        long bytes() {
            return values.stream().mapToLong(value -> value.length).sum();
        }
    }

    /** One user in ten events becomes a single hot user (fresh event ids, the same times and properties). */
    static List<UserEvent> withHotKey(List<UserEvent> day) {
        List<UserEvent> hot = new ArrayList<>(day.size());
        for (int i = 0; i < day.size(); i++) {
            UserEvent event = day.get(i);
            hot.add(
                    i % 10 == 0
                            ? new UserEvent(UUID.randomUUID(), "hot-user", event.occurredAt(), null, event.properties())
                            : event);
        }
        return hot;
    }

    // ------------------------------------------------------------------------------------------------ baselines

    private KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                5));
    }

    /** Produces the workload to {@code topic} as fast as the broker takes it; returns records/s. */
    private double produce(String topic, Workload workload, int partitions) throws InterruptedException {
        AtomicLong failed = new AtomicLong();
        long start;
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            awaitLeaders(producer, topic, partitions);
            start = System.nanoTime();
            for (int i = 0; i < workload.size(); i++) {
                producer.send(
                        new ProducerRecord<>(
                                topic,
                                EventDecoder.partitionOf(workload.users().get(i), partitions),
                                workload.keys().get(i),
                                workload.values().get(i)),
                        (metadata, error) -> {
                            if (error != null) {
                                failed.incrementAndGet();
                            }
                        });
            }
            producer.flush();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " records could not be produced to " + topic);
        }
        double rate = workload.size() / seconds(start);
        progress("raw produce to %s: %,.0f records/s", topic, rate);
        return rate;
    }

    /** Waits until every partition of a new topic has a leader, so that the first sends are not refused. */
    private static void awaitLeaders(KafkaProducer<byte[], byte[]> producer, String topic, int partitions)
            throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            var infos = producer.partitionsFor(topic);
            if (infos.size() == partitions && infos.stream().allMatch(info -> info.leader() != null)) {
                Thread.sleep(500);
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the partitions of " + topic + " got no leader within 30 s");
    }

    /** Reads {@code count} records of {@code topic} with a plain consumer and does nothing with them; records/s. */
    private double rawConsume(String topic, int count) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "bench-raw-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            long seen = 0;
            long start = 0;
            long bytes = 0;
            while (seen < count) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (start == 0) {
                        start = System.nanoTime();
                    }
                    seen++;
                    bytes += record.value().length;
                }
            }
            double rate = seen / seconds(start);
            progress("raw consume: %,.0f records/s (%,d bytes)", rate, bytes);
            return rate;
        }
    }

    /** COPYs the archive rows of the events into a fresh archive, 500 rows per committed COPY; rows/s. */
    private double rawCopy(List<UserEvent> events) throws SQLException {
        DSLContext db = freshDatabase();
        EventPartitions.standard(db).prepareFor(events);
        List<byte[]> chunks = new ArrayList<>();
        for (int from = 0; from < events.size(); from += 500) {
            chunks.add(EventCopyFormat.encode(events.subList(from, Math.min(events.size(), from + 500))));
        }
        long start = System.nanoTime();
        try (Connection connection = db.configuration().connectionProvider().acquire()) {
            connection.setAutoCommit(false);
            var copy = connection.unwrap(PGConnection.class).getCopyAPI();
            for (byte[] chunk : chunks) {
                copy.copyIn(
                        "copy user_event (" + EventCopyFormat.COLUMNS + ") from stdin",
                        new ByteArrayInputStream(chunk));
                connection.commit();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        double rate = events.size() / seconds(start);
        progress("raw COPY of the archive rows, 500 per transaction: %,.0f rows/s", rate);
        return rate;
    }

    /** Commits per second of a transaction that writes nothing, and of one that updates a single row. */
    record CommitRates(double empty, double oneRow) {}

    private CommitRates emptyCommits() throws SQLException {
        DSLContext db = freshDatabase();
        int count = 3000;
        try (Connection connection = db.configuration().connectionProvider().acquire();
                Statement statement = connection.createStatement()) {
            statement.execute("create table bench_commit (id int primary key, n bigint)");
            statement.execute("insert into bench_commit values (1, 0)");
            connection.setAutoCommit(false);
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                statement.execute("select 1");
                connection.commit();
            }
            double empty = count / seconds(start);
            start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                statement.execute("update bench_commit set n = n + 1 where id = 1");
                connection.commit();
            }
            double oneRow = count / seconds(start);
            progress("commits: %,.0f/s empty, %,.0f/s updating one row", empty, oneRow);
            return new CommitRates(empty, oneRow);
        }
    }

    // ----------------------------------------------------------------------------------------------- throughput

    /** What one pre-loaded topic cost the stream. */
    record Throughput(
            String name,
            int events,
            double realtimeSeconds,
            double archiveSeconds,
            Profile profile,
            double jvmCpuSeconds,
            double postgresCpuSeconds) {
        double realtimeRate() {
            return events / realtimeSeconds;
        }

        double archiveRate() {
            return events / archiveSeconds;
        }

        /** This pass and {@code other} of the same setting as one measurement: their events over their times. */
        Throughput and(Throughput other) {
            return new Throughput(
                    name,
                    events + other.events,
                    realtimeSeconds + other.realtimeSeconds,
                    archiveSeconds + other.archiveSeconds,
                    profile != null ? profile : other.profile,
                    jvmCpuSeconds + other.jvmCpuSeconds,
                    postgresCpuSeconds + other.postgresCpuSeconds);
        }
    }

    /**
     * The real-time consumers (and one archiver, and the publisher, as {@code kairos stream} runs them) over a
     * pre-loaded topic, from their start until each group has consumed it all. With {@code exactlyOnce} the offsets
     * commit with the writes; without, the same code commits the writes without them and Kafka's commit (which the
     * loop makes after every batch anyway) is the only record of progress.
     */
    private Throughput throughput(
            String name, String topic, int events, int realtimeConsumers, boolean exactlyOnce, boolean profile)
            throws Exception {
        DSLContext db = freshDatabase();
        String realtimeGroup = "bench-realtime-" + (++runs);
        String archiveGroup = "bench-archive-" + runs;
        StreamingPipeline pipeline = pipeline(db, topic, realtimeGroup, archiveGroup, realtimeConsumers);
        Map<Integer, Long> realtimeProgress = new ConcurrentHashMap<>();
        Map<Integer, Long> archiveProgress = new ConcurrentHashMap<>();
        if (!exactlyOnce) {
            pipeline.decorateUnitOfWork(WithoutOffsets::new);
        }
        Recording recording = profile ? startRecording() : null;
        double jvmCpu = jvmCpuSeconds();
        double postgresCpu = postgresCpuSeconds();
        long start = System.nanoTime();
        AtomicLong realtimeDone = new AtomicLong();
        AtomicLong archiveDone = new AtomicLong();
        List<PollLoop> loops = new ArrayList<>();
        for (int i = 0; i < realtimeConsumers; i++) {
            loops.add(startLoop(pipeline.realtimeConsumer(progressListener(realtimeProgress)), "bench-realtime-" + i));
        }
        loops.add(startLoop(pipeline.archiver(progressListener(archiveProgress)), "bench-archive"));
        DecisionPublisher publisher = startLoop(pipeline.publisher(), "bench-publisher");
        long reported = System.nanoTime();
        while (realtimeDone.get() == 0 || archiveDone.get() == 0) {
            Thread.sleep(20);
            if (realtimeDone.get() == 0 && sum(realtimeProgress) >= events) {
                realtimeDone.set(System.nanoTime());
            }
            if (archiveDone.get() == 0 && sum(archiveProgress) >= events) {
                archiveDone.set(System.nanoTime());
            }
            failIfAnyFailed(loops);
            if (System.nanoTime() - reported > 5_000_000_000L) {
                reported = System.nanoTime();
                progress(
                        "  %s: real time %,d / %,d, archive %,d",
                        name, sum(realtimeProgress), events, sum(archiveProgress));
            }
        }
        jvmCpu = jvmCpuSeconds() - jvmCpu;
        postgresCpu = postgresCpuSeconds() - postgresCpu;
        Profile summary = recording == null ? null : stopRecording(recording);
        stop(loops, publisher, pipeline);
        Throughput result = new Throughput(
                name,
                events,
                (realtimeDone.get() - start) / 1e9,
                (archiveDone.get() - start) / 1e9,
                summary,
                jvmCpu,
                postgresCpu);
        long decisions = db.fetchCount(DSL.table("decision"));
        progress(
                "%s: real time %,.0f events/s, archive %,.0f events/s, %,d decisions; CPU %.1f s in this JVM, %.1f s in"
                        + " PostgreSQL over %.1f s",
                name,
                result.realtimeRate(),
                result.archiveRate(),
                decisions,
                jvmCpu,
                postgresCpu,
                Math.max(result.realtimeSeconds(), result.archiveSeconds()));
        return result;
    }

    /** CPU time of this JVM (broker, consumers, publisher and load generator alike). */
    private static double jvmCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime()
                / 1e9;
    }

    /**
     * CPU time (user and system) of every PostgreSQL process on this machine, from /proc: the database's share of the
     * work, which a profile of this JVM cannot see. 0 where /proc is not there.
     */
    static double postgresCpuSeconds() {
        double ticks = 0;
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path process : (Iterable<Path>) processes::iterator) {
                if (!process.getFileName().toString().chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(process.resolve("stat"));
                    int close = stat.lastIndexOf(')');
                    if (!stat.substring(stat.indexOf('(') + 1, close).startsWith("postgres")) {
                        continue;
                    }
                    String[] fields = stat.substring(close + 2).split(" ");
                    // After the command: state is field 3, utime field 14 and stime field 15 (proc(5)).
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                } catch (IOException | RuntimeException gone) {
                    // the process ended while being read
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return ticks / CLOCK_TICKS;
    }

    private static void failIfAnyFailed(List<PollLoop> loops) {
        for (PollLoop loop : loops) {
            loop.failure().ifPresent(failure -> {
                throw new IllegalStateException("a consumer failed", failure);
            });
        }
    }

    private static void stop(List<PollLoop> loops, DecisionPublisher publisher, StreamingPipeline pipeline)
            throws InterruptedException {
        loops.forEach(PollLoop::stop);
        publisher.stop();
        for (PollLoop loop : loops) {
            loop.awaitExit(Duration.ofSeconds(30));
        }
        publisher.awaitExit(Duration.ofSeconds(30));
        pipeline.close();
    }

    private static long sum(Map<Integer, Long> progress) {
        return progress.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Records, per partition, the next offset of every batch committed. */
    private static CommitListener progressListener(Map<Integer, Long> progress) {
        return new CommitListener() {
            @Override
            public void afterCommit(PollBatchWrites writes) {
                for (ConsumedOffset offset : writes.offsets()) {
                    progress.merge(offset.partition(), offset.nextOffset(), Math::max);
                }
            }
        };
    }

    /** The unit of work without its offsets: at-least-once, progress recorded in Kafka only. */
    record WithoutOffsets(ProcessingTransaction delegate) implements ProcessingTransaction {
        @Override
        public void commit(PollBatchWrites writes) {
            delegate.commit(writes.withOffsets(List.of()));
        }
    }

    private StreamingPipeline pipeline(
            DSLContext db, String topic, String realtimeGroup, String archiveGroup, int realtimeConsumers) {
        String decisions = kafka.freshTopic("bench-decisions", PARTITIONS);
        StreamingOptions options = new StreamingOptions(
                "bench",
                KafkaClientBase.plain(kafka.bootstrapServers()),
                topic,
                kafka.freshTopic("bench-dlq", 1),
                decisions,
                realtimeGroup,
                archiveGroup,
                realtimeConsumers,
                1,
                true,
                GRACE,
                Duration.ZERO,
                Duration.ZERO,
                64 * 1024,
                100_000,
                Duration.ofMillis(100),
                Duration.ZERO,
                500,
                Duration.ofMillis(20),
                WatermarkPolicy.unsigned(),
                DeadLetterTopic.DEFAULT_MAX_BYTES);
        Experiment experiment = Experiment.batchVersusRealtime("bench", "salt");
        EngineSettings settings = new EngineSettings(GRACE, ZoneOffset.UTC);
        return new StreamingPipeline(
                options,
                db,
                (states, timers) -> new CampaignEngine(CampaignFile.defaults(), experiment, settings, states, timers),
                new EventValidator(Duration.ofDays(365L * 100), "EUR"),
                new SimpleMeterRegistry(),
                Clock.systemUTC());
    }

    private static <T extends Runnable> T startLoop(T loop, String name) {
        new Thread(loop, name).start();
        return loop;
    }

    private DSLContext freshDatabase() {
        pools.forEach(HikariDataSource::close);
        pools.clear();
        TestPostgres database =
                postgres.freshDatabase("bench_" + UUID.randomUUID().toString().substring(0, 8));
        // A pool as the application has (spring.datasource.hikari.*): a connection per transaction would measure
        // PostgreSQL's connection set-up, not the pipeline.
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(database.jdbcUrl());
        pool.setUsername(database.username());
        pool.setPassword(database.password());
        pool.setMaximumPoolSize(10);
        pool.setPoolName("bench-" + runs);
        HikariDataSource dataSource = new HikariDataSource(pool);
        pools.add(dataSource);
        DatabaseSchema.migrate(dataSource);
        return DSL.using(dataSource, SQLDialect.POSTGRES);
    }

    // -------------------------------------------------------------------------------------------------- latency

    /** Latency percentiles (milliseconds) of one offered load. */
    record Latency(
            String load,
            double offeredRate,
            double achievedRate,
            Histogram committed,
            Histogram decisionCommitted,
            Histogram decisionPublished,
            Histogram cycle,
            Histogram transaction,
            long batches,
            long batchedRecords) {}

    /**
     * Sends the workload's events at {@code rate} per second for {@code seconds}, each stamped with its time on the
     * fixed timeline (its Kafka timestamp), to a stream already running; measures, from that intended time, when the
     * event's batch committed, when each decision committed, and when each published decision reached a consumer of
     * the decisions topic.
     */
    private Latency latency(String load, Workload workload, double rate, int seconds) throws Exception {
        int count = (int) Math.min(workload.size(), rate * seconds);
        String topic = kafka.freshTopic("bench-latency", PARTITIONS);
        DSLContext db = freshDatabase();
        String group = "bench-realtime-" + (++runs);
        StreamingPipeline pipeline = pipeline(db, topic, group, "bench-archive-" + runs, 1);
        long[][] intended = new long[PARTITIONS][count];
        int[] sentPerPartition = new int[PARTITIONS];
        long[] committedUpTo = new long[PARTITIONS];
        Histogram committed = histogram();
        Histogram decisionCommitted = histogram();
        Histogram decisionPublished = histogram();
        LongSupplier nowMicros = microsClock();
        // The real-time consumer's loop, batch by batch: from one commit to the next, and its transaction alone.
        Histogram cycle = histogram();
        Histogram transaction = histogram();
        long[] batches = new long[2];
        long[] last = {0, 0};
        CommitListener listener = new CommitListener() {
            @Override
            public void beforeCommit(PollBatchWrites writes) {
                last[1] = nowMicros.getAsLong();
            }

            @Override
            public void afterCommit(PollBatchWrites writes) {
                long now = nowMicros.getAsLong();
                transaction.recordValue(Math.max(0, now - last[1]));
                if (last[0] > 0) {
                    cycle.recordValue(now - last[0]);
                }
                last[0] = now;
                batches[0]++;
                synchronized (intended) {
                    for (ConsumedOffset offset : writes.offsets()) {
                        int p = offset.partition();
                        batches[1] += Math.max(0, offset.nextOffset() - committedUpTo[p]);
                        for (long o = committedUpTo[p]; o < offset.nextOffset(); o++) {
                            committed.recordValue(Math.max(0, now - intended[p][(int) o]));
                        }
                        committedUpTo[p] = Math.max(committedUpTo[p], offset.nextOffset());
                    }
                }
                long nowMillis = now / 1000;
                for (Instant source : writes.ingestTimes().values()) {
                    decisionCommitted.recordValue(Math.max(0, nowMillis - source.toEpochMilli()) * 1000);
                }
            }
        };
        List<PollLoop> loops = List.of(
                startLoop(pipeline.realtimeConsumer(listener), "bench-realtime"),
                startLoop(pipeline.archiver(CommitListener.NONE), "bench-archive"));
        DecisionPublisher publisher = startLoop(pipeline.publisher(), "bench-publisher");
        AtomicBoolean reading = new AtomicBoolean(true);
        Thread decisionsReader = new Thread(
                () -> readDecisions(pipeline.options().decisionsTopic(), decisionPublished, nowMicros, reading),
                "bench-decisions-reader");
        decisionsReader.start();
        Thread.sleep(3000);

        progress("latency at %s load: %,.0f events/s for %d s", load, rate, seconds);
        long periodNanos = (long) (1e9 / rate);
        long startNanos = System.nanoTime() + 100_000_000L;
        long startMicros = nowMicros.getAsLong() + 100_000;
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int i = 0; i < count; i++) {
                long due = startNanos + i * periodNanos;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(Math.min(wait, 200_000));
                }
                long intendedMicros = startMicros + (i * periodNanos) / 1000;
                int partition = EventDecoder.partitionOf(workload.users().get(i), PARTITIONS);
                synchronized (intended) {
                    intended[partition][sentPerPartition[partition]++] = intendedMicros;
                }
                producer.send(new ProducerRecord<>(
                        topic,
                        partition,
                        intendedMicros / 1000,
                        workload.keys().get(i),
                        workload.values().get(i)));
            }
            producer.flush();
        }
        double achieved = count / ((System.nanoTime() - startNanos) / 1e9);
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            synchronized (intended) {
                boolean all = true;
                for (int p = 0; p < PARTITIONS; p++) {
                    all &= committedUpTo[p] >= sentPerPartition[p];
                }
                if (all) {
                    break;
                }
            }
            failIfAnyFailed(loops);
            Thread.sleep(20);
        }
        Thread.sleep(2000);
        reading.set(false);
        decisionsReader.join(10_000);
        stop(loops, publisher, pipeline);
        Latency result = new Latency(
                load,
                rate,
                achieved,
                committed,
                decisionCommitted,
                decisionPublished,
                cycle,
                transaction,
                batches[0],
                batches[1]);
        progress(
                "  committed p50 %.1f p99 %.1f p99.9 %.1f ms; decisions %,d committed (p99 %.1f ms), %,d published"
                        + " (p99 %.1f ms)",
                ms(committed, 50),
                ms(committed, 99),
                ms(committed, 99.9),
                decisionCommitted.getTotalCount(),
                ms(decisionCommitted, 99),
                decisionPublished.getTotalCount(),
                ms(decisionPublished, 99));
        progress(
                "  %,d batches of %.0f records on average; commit to commit p50 %.1f p99 %.1f ms, of which the"
                        + " PostgreSQL transaction p50 %.1f p99 %.1f ms",
                batches[0],
                batches[0] == 0 ? 0.0 : (double) batches[1] / batches[0],
                ms(cycle, 50),
                ms(cycle, 99),
                ms(transaction, 50),
                ms(transaction, 99));
        return result;
    }

    private void readDecisions(String topic, Histogram published, LongSupplier nowMicros, AtomicBoolean reading) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "bench-decisions-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            while (reading.get()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
                    long now = nowMicros.getAsLong();
                    Instant source = Instant.parse(field(record.value(), "sourceRecordTimestamp"));
                    published.recordValue(Math.max(0, now - source.toEpochMilli() * 1000));
                }
            }
        }
    }

    private static String field(String json, String name) {
        String key = "\"" + name + "\":\"";
        int start = json.indexOf(key) + key.length();
        return json.substring(start, json.indexOf('"', start));
    }

    /** Wall-clock microseconds since the epoch, from a monotonic clock anchored once. */
    private static LongSupplier microsClock() {
        long anchorMicros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
        long anchorNanos = System.nanoTime();
        return () -> anchorMicros + (System.nanoTime() - anchorNanos) / 1000;
    }

    /** Latencies in microseconds, up to an hour, three significant digits. */
    private static Histogram histogram() {
        return new Histogram(3_600_000_000L, 3);
    }

    private static double ms(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    // -------------------------------------------------------------------------------------------------- profile

    /** Where the CPU samples of a run went: by stage and by method. */
    record Profile(long samples, Map<String, Long> threads, Map<String, Long> stages, Map<String, Long> methods) {}

    private static Recording startRecording() {
        Recording recording = new Recording();
        recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
        recording.start();
        return recording;
    }

    private static Profile stopRecording(Recording recording) throws IOException {
        recording.stop();
        Path file = Files.createTempFile("kairos-realtime-bench", ".jfr");
        recording.dump(file);
        recording.close();
        Map<String, Long> threads = new HashMap<>();
        Map<String, Long> stages = new HashMap<>();
        Map<String, Long> methods = new HashMap<>();
        long samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            String thread = event.getThread("sampledThread") == null
                    ? ""
                    : event.getThread("sampledThread").getJavaName();
            threads.merge(role(thread), 1L, Long::sum);
            RecordedFrame top = stack.getFrames().get(0);
            methods.merge(
                    top.getMethod().getType().getName() + "." + top.getMethod().getName(), 1L, Long::sum);
            stages.merge(
                    stage(
                            stack,
                            event.getThread("sampledThread") == null
                                    ? ""
                                    : event.getThread("sampledThread").getJavaName()),
                    1L,
                    Long::sum);
        }
        Files.deleteIfExists(file);
        return new Profile(samples, top(threads, 8), top(stages, 12), top(methods, 15));
    }

    /** The part of the pipeline a thread works for. */
    static String role(String thread) {
        if (thread.startsWith("bench-realtime")) {
            return "real-time consumer";
        }
        if (thread.startsWith("bench-archive")) {
            return "archiver";
        }
        if (thread.startsWith("bench-publisher")) {
            return "decision publisher";
        }
        if (thread.contains("producer") || thread.contains("heartbeat")) {
            return "Kafka client threads";
        }
        return "Kafka broker and other threads";
    }

    /** The stage a CPU sample belongs to: its thread's role, then the deepest of our frames that names a stage. */
    static String stage(RecordedStackTrace stack, String thread) {
        String name = thread == null ? "" : thread;
        if (!name.startsWith("bench-")) {
            if (name.contains("kafka")
                    || name.contains("data-plane")
                    || name.contains("broker")
                    || name.contains("Controller")
                    || name.contains("raft")
                    || name.contains("log-cleaner")) {
                return "Kafka broker (in process)";
            }
            if (name.contains("producer") || name.contains("heartbeat")) {
                return "Kafka client threads";
            }
        }
        for (RecordedFrame frame : stack.getFrames()) {
            String type = frame.getMethod().getType().getName();
            if (type.startsWith("org.postgresql.")) {
                return "PostgreSQL JDBC (client side)";
            }
            if (type.startsWith("io.kairos.persistence.")) {
                return "persistence adapter (encoding the writes)";
            }
            if (type.startsWith("com.networknt.")) {
                return "JSON Schema validation (networknt)";
            }
            if (type.equals("io.kairos.domain.event.EventValidator")) {
                return "event validation (the domain's rules)";
            }
            if (type.startsWith("io.kairos.streaming.wire.")) {
                return "decoding (UTF-8, JSON parse, mapping)";
            }
            if (type.startsWith("io.kairos.domain.")) {
                return "domain engine (state, rules, timers)";
            }
            if (type.startsWith("org.apache.kafka.clients.consumer")) {
                return "Kafka consumer (fetch, deserialise)";
            }
            if (type.startsWith("org.apache.kafka.clients.producer")) {
                return "Kafka producer";
            }
        }
        return name.startsWith("bench-")
                ? "other, on " + name.replaceAll("-\\d+$", "")
                : "other (" + name.replaceAll("[-\\d]+$", "") + ")";
    }

    private static Map<String, Long> top(Map<String, Long> counts, int limit) {
        Map<String, Long> top = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(limit)
                .forEach(entry -> top.put(entry.getKey(), entry.getValue()));
        return top;
    }

    // --------------------------------------------------------------------------------------------------- report

    private static String row(String setting, Throughput throughput) {
        return String.format(
                Locale.ROOT,
                "| %s | %,.0f | %,.0f | %.0f / %.0f |",
                setting,
                throughput.realtimeRate(),
                throughput.archiveRate(),
                1e6 * throughput.jvmCpuSeconds() / throughput.events(),
                1e6 * throughput.postgresCpuSeconds() / throughput.events());
    }

    private void write(
            String command,
            Instant startedAt,
            double tookSeconds,
            Workload workload,
            double produceRate,
            double consumeRate,
            double copyRate,
            CommitRates commits,
            Throughput exactlyOnce,
            Throughput atLeastOnce,
            Profile profile,
            List<String> scalingRows,
            Latency half,
            Latency eighty) {
        StringBuilder r = report;
        r.append(RESULTS_START).append('\n');
        r.append(String.format(Locale.ROOT, "Run of %s, %.0f s in all: `%s`.%n%n", startedAt, tookSeconds, command));
        r.append(BenchmarkDocs.machine(kafka, postgres)).append("\n\n");
        r.append(String.format(
                Locale.ROOT,
                "Workload: %,d events of a simulated day (%,d bytes of JSON, %.0f bytes each), 4 partitions.%n%n",
                workload.size(),
                workload.bytes(),
                (double) workload.bytes() / workload.size()));
        r.append("| baseline, same run | rate |\n|---|---|\n");
        r.append(String.format(Locale.ROOT, "| raw produce (idempotent, acks=all) | %,.0f records/s |%n", produceRate));
        r.append(String.format(
                Locale.ROOT, "| raw consume (plain consumer, read_committed) | %,.0f records/s |%n", consumeRate));
        r.append(String.format(
                Locale.ROOT, "| raw COPY of the archive rows, 500 per transaction | %,.0f rows/s |%n", copyRate));
        r.append(String.format(
                Locale.ROOT,
                "| commit of an empty transaction | %,.0f /s (%.2f ms) |%n",
                commits.empty(),
                1000 / commits.empty()));
        r.append(String.format(
                Locale.ROOT,
                "| commit of a one-row update | %,.0f /s (%.2f ms) |%n%n",
                commits.oneRow(),
                1000 / commits.oneRow()));

        double cost = 1 - exactlyOnce.realtimeRate() / atLeastOnce.realtimeRate();
        r.append("| sustained throughput (1 consumer, archiver and publisher running; two passes each) | real-time"
                + " consumer, events/s | archiver, events/s | CPU per event: this JVM / PostgreSQL (µs) |\n"
                + "|---|---|---|---|\n");
        r.append(row("exactly-once (offsets in the PostgreSQL transaction)", exactlyOnce))
                .append('\n');
        r.append(row("at-least-once (the same code, offsets committed to Kafka after the database)", atLeastOnce))
                .append('\n');
        r.append(String.format(
                Locale.ROOT,
                "%nExactly-once costs %.1f%% of the real-time consumer's throughput. Against the raw consume rate the"
                        + " real-time consumer runs at %.1f%%; against the raw COPY, the archiver at %.1f%%.%n%n",
                100 * cost,
                100 * exactlyOnce.realtimeRate() / consumeRate,
                100 * exactlyOnce.archiveRate() / copyRate));
        if (!scalingRows.isEmpty()) {
            r.append("| scaling (exactly-once, one pass each) | real-time consumer, events/s | archiver, events/s | CPU"
                    + " per event: this JVM / PostgreSQL (µs) |\n|---|---|---|---|\n");
            scalingRows.forEach(line -> r.append(line).append('\n'));
            r.append('\n');
        }
        r.append(
                "| offered load | events/s offered (sent) | event → batch committed p50 / p95 / p99 / p99.9 (ms) | decision committed p50 / p99 / p99.9 (ms), count | decision published p50 / p99 / p99.9 (ms), count |\n|---|---|---|---|---|\n");
        for (Latency latency : half == null ? List.<Latency>of() : List.of(half, eighty)) {
            r.append(String.format(
                    Locale.ROOT,
                    "| %s | %,.0f (%,.0f) | %.1f / %.1f / %.1f / %.1f | %.1f / %.1f / %.1f, %,d | %.1f / %.1f / %.1f, %,d |%n",
                    latency.load(),
                    latency.offeredRate(),
                    latency.achievedRate(),
                    ms(latency.committed(), 50),
                    ms(latency.committed(), 95),
                    ms(latency.committed(), 99),
                    ms(latency.committed(), 99.9),
                    ms(latency.decisionCommitted(), 50),
                    ms(latency.decisionCommitted(), 99),
                    ms(latency.decisionCommitted(), 99.9),
                    latency.decisionCommitted().getTotalCount(),
                    ms(latency.decisionPublished(), 50),
                    ms(latency.decisionPublished(), 99),
                    ms(latency.decisionPublished(), 99.9),
                    latency.decisionPublished().getTotalCount()));
        }
        if (half != null && eighty != null) {
            r.append("\n| offered load | real-time batches | records per batch | commit to commit p50 / p99 (ms) |"
                    + " of which the PostgreSQL transaction p50 / p99 (ms) |\n|---|---|---|---|---|\n");
            for (Latency latency : List.of(half, eighty)) {
                r.append(String.format(
                        Locale.ROOT,
                        "| %s | %,d | %.0f | %.1f / %.1f | %.1f / %.1f |%n",
                        latency.load(),
                        latency.batches(),
                        latency.batches() == 0 ? 0.0 : (double) latency.batchedRecords() / latency.batches(),
                        ms(latency.cycle(), 50),
                        ms(latency.cycle(), 99),
                        ms(latency.transaction(), 50),
                        ms(latency.transaction(), 99)));
            }
        }
        r.append('\n');
        r.append("Targets: ");
        r.append(verdict(
                "≥ 25,000 events/s exactly-once",
                exactlyOnce.realtimeRate() >= 25_000,
                String.format(Locale.ROOT, "%,.0f", exactlyOnce.realtimeRate())));
        r.append("; ")
                .append(verdict(
                        "exactly-once costs ≤ 10%", cost <= 0.10, String.format(Locale.ROOT, "%.1f%%", 100 * cost)));
        if (half != null && eighty != null) {
            r.append("; ")
                    .append(verdict(
                            "p99 ≤ 50 ms at 50% load",
                            ms(half.committed(), 99) <= 50,
                            String.format(Locale.ROOT, "%.1f ms", ms(half.committed(), 99))));
            r.append("; ")
                    .append(verdict(
                            "p99.9 ≤ 200 ms at 80% load",
                            ms(eighty.committed(), 99.9) <= 200,
                            String.format(Locale.ROOT, "%.1f ms", ms(eighty.committed(), 99.9))));
        }
        r.append(".\n\n");
        if (profile != null && profile.samples() > 0) {
            r.append(String.format(
                    Locale.ROOT,
                    "Profile of one more exactly-once pass, not measured (JFR execution samples every 10 ms slow the"
                            + " JVM), %,d samples of the JVM that runs the broker, the consumers and the publisher;"
                            + " PostgreSQL's CPU is the table's last column above, not in these shares:%n%n",
                    profile.samples()));
            r.append("| thread | share of samples |\n|---|---|\n");
            profile.threads()
                    .forEach((thread, n) -> r.append(
                            String.format(Locale.ROOT, "| %s | %.1f%% |%n", thread, 100.0 * n / profile.samples())));
            r.append("\n| stage (all threads) | share of samples |\n|---|---|\n");
            profile.stages()
                    .forEach((stage, n) -> r.append(
                            String.format(Locale.ROOT, "| %s | %.1f%% |%n", stage, 100.0 * n / profile.samples())));
            r.append("\n| hottest methods (top frame) | share |\n|---|---|\n");
            profile.methods()
                    .forEach((method, n) -> r.append(
                            String.format(Locale.ROOT, "| `%s` | %.1f%% |%n", method, 100.0 * n / profile.samples())));
            r.append('\n');
        }
        r.append(RESULTS_END).append('\n');
    }

    private static String verdict(String target, boolean met, String measured) {
        return target + ": **" + (met ? "met" : "missed") + "** (" + measured + ")";
    }

    private static void progress(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[realtime-bench] " + format + "%n", args);
    }
}
