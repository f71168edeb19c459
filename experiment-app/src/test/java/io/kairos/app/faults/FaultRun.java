package io.kairos.app.faults;

import io.kairos.app.PackagedKairos;
import io.kairos.app.ProcessOutput;
import io.kairos.testsupport.TestKafka;
import io.kairos.testsupport.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the packaged {@code kairos stream} over a topic of its own and a database of its own: starts, kills
 * (SIGKILL) and restarts the process, drives the {@link FaultLog} into the topic at a steady pace, and tells when the
 * pipeline has caught up (both groups' offsets stored in PostgreSQL up to the topic's end, the outbox empty).
 */
final class FaultRun implements AutoCloseable {

    static final int PARTITIONS = 3;
    static final String EXPERIMENT = "faults";
    static final Duration LIMIT = Duration.ofMinutes(4);
    private static final Logger log = LoggerFactory.getLogger(FaultRun.class);

    final String name;
    final TestKafka kafka;
    final TestPostgres database;
    final String activity;
    final String decisions;
    private final Path work;
    private final List<Process> processes = new ArrayList<>();
    private final Map<Process, List<ProcessOutput>> outputs = new java.util.HashMap<>();
    private Process stream;
    private ProcessOutput output;
    private ProcessOutput errors;

    FaultRun(String name, TestKafka kafka, TestPostgres database) throws IOException {
        this.name = name;
        this.kafka = kafka;
        this.database = database;
        this.activity = kafka.freshTopic("faults-" + name, PARTITIONS);
        this.decisions = kafka.freshTopic("faults-" + name + "-decisions", PARTITIONS);
        this.work = Files.createTempDirectory("kairos-faults-" + name);
    }

    /** Starts {@code kairos stream} and waits until it says it streams; {@code database} as the app sees it. */
    void startStream(TestPostgres via) throws IOException, InterruptedException {
        startStream(via, kafka.bootstrapServers());
    }

    /**
     * Like {@link #startStream(TestPostgres)}, the stream's Kafka clients bootstrapping on {@code bootstrapServers}
     * (e.g. a {@link io.kairos.testsupport.TcpProxy}'s port) while the load and the checks use {@link #kafka}'s.
     */
    void startStream(TestPostgres via, String bootstrapServers) throws IOException, InterruptedException {
        stream = PackagedKairos.builder(
                        work,
                        List.of(),
                        Map.of(),
                        List.of(
                                "stream",
                                "--spring.datasource.url=" + via.jdbcUrl(),
                                "--spring.datasource.username=" + via.username(),
                                "--spring.datasource.password=" + via.password(),
                                "--spring.kafka.bootstrap-servers=" + bootstrapServers,
                                // A killed member leaves the group after this, not the 45 s default.
                                "--spring.kafka.consumer.properties.session.timeout.ms=6000",
                                "--spring.kafka.consumer.properties.heartbeat.interval.ms=1000",
                                "--spring.kafka.consumer.max-poll-records=10",
                                "--kairos.kafka.activity-topic=" + activity,
                                "--kairos.kafka.dead-letter-topic=" + activity + ".dlq",
                                "--kairos.kafka.decisions-topic=" + decisions,
                                "--kairos.kafka.partitions=" + PARTITIONS,
                                "--kairos.streaming.experiment-key=" + EXPERIMENT,
                                "--kairos.streaming.realtime-group=realtime-" + activity,
                                "--kairos.streaming.archive-group=archive-" + activity,
                                "--kairos.streaming.heartbeat-interval=0s",
                                "--kairos.streaming.progress-interval=2s",
                                "--kairos.streaming.publisher-page-size=10"))
                .start();
        processes.add(stream);
        output = ProcessOutput.of(stream.getInputStream(), LIMIT);
        errors = ProcessOutput.of(stream.getErrorStream(), LIMIT);
        outputs.put(stream, List.of(output, errors));
        output.awaitLine("Kairos is streaming.", stream);
    }

    /** SIGKILL: no shutdown hook, no last commit, no flush. */
    void kill() throws InterruptedException {
        stream.destroyForcibly();
        if (!stream.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError(name + ": the stream did not die of SIGKILL within 30 s");
        }
    }

    /** The stream process started last. */
    Process current() {
        return stream;
    }

    /**
     * Sends {@code signal} ({@code STOP}, {@code CONT}) to one of this run's stream processes: {@code STOP} freezes
     * every thread, the heartbeat's too, so the group moves its partitions on while the process is still alive.
     */
    void signal(Process process, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                .inheritIO()
                .start();
        if (kill.waitFor() != 0) {
            throw new AssertionError(name + ": kill -" + signal + " " + process.pid() + " failed");
        }
    }

    /** What one of this run's stream processes wrote to standard output and error so far. */
    String logOf(Process process) {
        return outputs.get(process).stream().map(ProcessOutput::soFar).collect(Collectors.joining());
    }

    /** Whether the current stream process still runs. */
    boolean streamAlive() {
        return stream.isAlive();
    }

    /** The current stream process's exit code; it must have ended. */
    int exitCode() {
        return stream.exitValue();
    }

    /** What the current stream process wrote to standard output and error so far. */
    String streamLog() {
        return output.soFar() + errors.soFar();
    }

    /** Sends {@code log[from, to)} on a thread of its own, one record per {@code pace}; the future ends after. */
    CompletableFuture<Void> load(List<FaultLog.Send> log, int from, int to, Duration pace) {
        return CompletableFuture.runAsync(() -> {
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                    kafka.secured(Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            kafka.bootstrapServers(),
                            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                            true,
                            ProducerConfig.ACKS_CONFIG,
                            "all",
                            ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                            1)),
                    new StringSerializer(),
                    new ByteArraySerializer())) {
                for (int i = from; i < to; i++) {
                    FaultLog.Send send = log.get(i);
                    producer.send(new ProducerRecord<>(activity, send.partition(), send.key(), send.value()))
                            .get(30, TimeUnit.SECONDS);
                    Thread.sleep(pace.toMillis());
                }
            } catch (Exception e) {
                throw new IllegalStateException(name + ": the load could not be sent: " + e.getMessage(), e);
            }
        });
    }

    /** The records on the activity topic, summed over its partitions. */
    long produced() {
        try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(
                kafka.secured(Map.of("bootstrap.servers", kafka.bootstrapServers())),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(activity, p));
            }
            return reader.endOffsets(partitions).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }
    }

    /** The real-time group's offsets stored in PostgreSQL, summed; 0 while the database cannot answer. */
    long realtimeStored() {
        return stored("realtime-" + activity);
    }

    /** Waits until the real-time group has stored at least {@code offsets} offsets. */
    void awaitRealtimeStored(long offsets) throws InterruptedException {
        awaitUntil(() -> realtimeStored() >= offsets, "the real-time group stores " + offsets + " offsets");
    }

    /**
     * Waits until both groups stored every record of the topic and the outbox is empty, and returns when that
     * happened; fails with what is behind if it does not happen within {@link #LIMIT}.
     */
    long awaitCaughtUp() throws InterruptedException {
        long end = produced();
        awaitUntil(
                () -> stored("realtime-" + activity) == end
                        && stored("archive-" + activity) == end
                        && unpublished() == 0,
                "caught up to " + end + " records");
        return System.nanoTime();
    }

    private void awaitUntil(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + ": not " + what + " within " + LIMIT + " (real-time "
                        + stored("realtime-" + activity) + ", archive " + stored("archive-" + activity)
                        + ", unpublished " + unpublished() + ", stream "
                        + (stream.isAlive() ? "running" : "exited " + stream.exitValue()) + "):\n"
                        + streamLog());
            }
            Thread.sleep(100);
        }
    }

    private long stored(String group) {
        return single("select coalesce(sum(next_offset), 0) from consumer_offset where consumer_group = ?", group);
    }

    private long unpublished() {
        return single("select count(*) from decision_outbox where published_at is null", null);
    }

    private long single(String sql, String parameter) {
        try (Connection connection = database.connect();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            if (parameter != null) {
                statement.setString(1, parameter);
            }
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        } catch (SQLException e) {
            return -1; // not migrated yet, or the server is down
        }
    }

    /** What the run left behind, for {@link OutcomeChecker}. */
    OutcomeChecker.Snapshot snapshot() throws SQLException {
        return OutcomeChecker.snapshot(database, kafka, decisions);
    }

    /** The lines of the current stream's log that say when its consumers got their partitions. */
    String assignments() {
        return streamLog().lines().filter(line -> line.contains(": assigned")).collect(Collectors.joining("\n"));
    }

    /** Logs and returns a scenario's recovery time, from the end of the fault to {@code caughtUp}. */
    static long recovery(String scenario, long faultEnded, long caughtUp) {
        long millis = TimeUnit.NANOSECONDS.toMillis(caughtUp - faultEnded);
        log.info("Recovery of fault '{}': {} ms from the fault's end to the pipeline caught up", scenario, millis);
        System.out.println("RECOVERY " + scenario + " " + millis + " ms");
        return millis;
    }

    /** The same database seen through another address, e.g. a {@link io.kairos.testsupport.TcpProxy}'s port. */
    static TestPostgres via(TestPostgres database, UnaryOperator<String> url) {
        return new TestPostgres(url.apply(database.jdbcUrl()), database.username(), database.password(), "proxied");
    }

    /** Stops every stream process this run started that still runs (SIGTERM, then SIGKILL). */
    @Override
    public void close() throws InterruptedException {
        for (Process process : processes) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
