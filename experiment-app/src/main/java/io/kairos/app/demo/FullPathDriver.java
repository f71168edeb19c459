package io.kairos.app.demo;

import io.kairos.app.streaming.StreamingPipeline;
import io.kairos.batch.NightlyBatchRunner;
import io.kairos.batch.NightlySchedule;
import io.kairos.domain.decision.Decision;
import io.kairos.domain.event.UserEvent;
import io.kairos.domain.experiment.Experiment;
import io.kairos.persistence.store.PostgresDecisionStore;
import io.kairos.simulator.SimulationDriver;
import io.kairos.streaming.wire.ActivityMessages;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;

/**
 * Drives the real platform: produces each window's events to the activity topic (key = user id), sends a watermark
 * record to every partition at the window's end, waits until the real-time consumer and the archiver have committed
 * every record (offsets are stored in PostgreSQL with the rows they produced), runs the real nightly Spring Batch job
 * at each cut-off passed, and reads back from PostgreSQL the decisions recorded since the previous window.
 *
 * <p>Reading back relies on quiescence: when {@code advanceTo} reads, every transaction that wrote a decision has
 * committed (its offsets are stored, the batch run has returned), and the next one begins later, so the decisions
 * recorded at or after the previous read's database clock are exactly the new ones.
 */
public final class FullPathDriver implements SimulationDriver {

    private static final Comparator<Decision> ORDER = Comparator.comparing(Decision::decidedAt)
            .thenComparing(Decision::userId)
            .thenComparing(Decision::campaignId)
            .thenComparing(Decision::id)
            .thenComparing(Decision::mode);

    private final Experiment experiment;
    private final FullPathTopology topology;
    private final StreamingPipeline pipeline;
    private final Producer<byte[], byte[]> producer;
    private final DSLContext db;
    private final PostgresDecisionStore decisions;
    private final NightlyBatchRunner batch;
    private final NightlySchedule schedule;
    private final Duration catchUpTimeout;
    private final Map<Integer, Long> produced = new HashMap<>();
    private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
    private final Set<String> seen = new HashSet<>();
    private final List<JobExecution> batchRuns = new ArrayList<>();
    private Instant watermark;
    private Instant readMark;
    private long events;
    private long windows;
    private long producingNanos;
    private long realtimeNanos;
    private long archiveNanos;
    private long batchNanos;
    private long readingNanos;

    /**
     * A driver for {@code experiment} (already defined in the database) over a pipeline whose consumers read {@code
     * topology}'s activity topic; {@code catchUpTimeout} bounds each wait for a consumer.
     */
    public FullPathDriver(
            Experiment experiment,
            FullPathTopology topology,
            StreamingPipeline pipeline,
            Producer<byte[], byte[]> producer,
            DSLContext db,
            NightlyBatchRunner batch,
            NightlySchedule schedule,
            Duration catchUpTimeout) {
        this.experiment = Objects.requireNonNull(experiment, "experiment");
        this.topology = Objects.requireNonNull(topology, "topology");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.producer = Objects.requireNonNull(producer, "producer");
        this.db = Objects.requireNonNull(db, "db");
        this.decisions = new PostgresDecisionStore(db);
        this.batch = Objects.requireNonNull(batch, "batch");
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.catchUpTimeout = Objects.requireNonNull(catchUpTimeout, "catchUpTimeout");
    }

    @Override
    public Duration longestDeliveryDelay() {
        return schedule.longestDeliveryDelay();
    }

    @Override
    public Experiment experiment() {
        return experiment;
    }

    /** Every nightly run this driver launched, in order. */
    public List<JobExecution> batchRuns() {
        return List.copyOf(batchRuns);
    }

    /** Events produced so far. */
    public long eventsProduced() {
        return events;
    }

    /** Decisions read back so far, both modes, every status. */
    public long decisionsRead() {
        return seen.size();
    }

    /**
     * Where the run's wall-clock time went: producing, waiting for the real-time consumer and the archiver, the
     * nightly runs, and reading decisions back; the rest is the simulator's own work.
     */
    public String timings() {
        return String.format(
                Locale.ROOT,
                "%d windows; producing %.1f s, real-time consumer %.1f s, archiver %.1f s, nightly runs %.1f s,"
                        + " reading decisions %.1f s",
                windows,
                producingNanos / 1e9,
                realtimeNanos / 1e9,
                archiveNanos / 1e9,
                batchNanos / 1e9,
                readingNanos / 1e9);
    }

    @Override
    public void begin(Instant start) {
        if (watermark != null) {
            throw new IllegalStateException("the driver has already begun at " + watermark);
        }
        watermark = Objects.requireNonNull(start, "start");
        readMark = databaseClock();
        pipeline.start();
    }

    @Override
    public void ingest(List<UserEvent> window) {
        requireBegun();
        long began = System.nanoTime();
        for (UserEvent event : window) {
            send(new ProducerRecord<>(
                    topology.activityTopic(),
                    event.userId().getBytes(StandardCharsets.UTF_8),
                    ActivityMessages.event(event)));
            events++;
        }
        producingNanos += System.nanoTime() - began;
    }

    @Override
    public List<Decision> advanceTo(Instant newWatermark) {
        requireBegun();
        if (newWatermark.isBefore(watermark)) {
            throw new IllegalArgumentException(
                    "the watermark cannot go back from " + watermark + " to " + newWatermark);
        }
        long began = System.nanoTime();
        byte[] mark = ActivityMessages.watermark(newWatermark, "simulator");
        for (int partition = 0; partition < topology.partitions(); partition++) {
            send(new ProducerRecord<>(topology.activityTopic(), partition, null, mark));
        }
        producer.flush();
        Exception failure = sendFailure.get();
        if (failure != null) {
            throw new IllegalStateException(
                    "producing to " + topology.activityTopic() + " failed: " + failure, failure);
        }
        long produced = System.nanoTime();
        producingNanos += produced - began;
        awaitCommitted(topology.realtimeGroup(), "real-time consumer");
        long realtime = System.nanoTime();
        realtimeNanos += realtime - produced;
        // The archive too is complete up to the window's end: the nightly job reads it, and so does a report.
        awaitCommitted(topology.archiveGroup(), "archiver");
        long archived = System.nanoTime();
        archiveNanos += archived - realtime;
        List<Instant> cutoffs = schedule.cutoffsBetween(watermark, newWatermark);
        if (!cutoffs.isEmpty()) {
            for (Instant cutoff : cutoffs) {
                runBatch(cutoff);
            }
            batchNanos += System.nanoTime() - archived;
        }
        watermark = newWatermark;
        windows++;
        long reading = System.nanoTime();
        List<Decision> fresh = newDecisions();
        readingNanos += System.nanoTime() - reading;
        return fresh;
    }

    @Override
    public void close() {
        try {
            pipeline.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(ProducerRecord<byte[], byte[]> record) {
        producer.send(record, (RecordMetadata metadata, Exception exception) -> {
            if (exception != null) {
                sendFailure.compareAndSet(null, exception);
            } else {
                synchronized (produced) {
                    produced.merge(metadata.partition(), metadata.offset() + 1, Math::max);
                }
            }
        });
    }

    private void awaitCommitted(String group, String what) {
        Map<Integer, Long> target;
        synchronized (produced) {
            target = Map.copyOf(produced);
        }
        long deadline = System.nanoTime() + catchUpTimeout.toNanos();
        long pause = 2;
        while (true) {
            pipeline.failure().ifPresent(f -> {
                throw new IllegalStateException("the " + what + " stopped: " + f.getMessage(), f);
            });
            Map<Integer, Long> stored = storedOffsets(group);
            boolean caughtUp =
                    target.entrySet().stream().allMatch(e -> stored.getOrDefault(e.getKey(), 0L) >= e.getValue());
            if (caughtUp) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the " + what + " (group " + group + ") did not catch up within "
                        + catchUpTimeout.toSeconds() + " s: produced up to " + target + ", committed " + stored);
            }
            sleep(pause);
            pause = Math.min(20, pause * 2);
        }
    }

    private Map<Integer, Long> storedOffsets(String group) {
        Map<Integer, Long> stored = new HashMap<>();
        for (Record row : db.fetch(
                "select partition_no, next_offset from consumer_offset where consumer_group = ? and topic = ?",
                group,
                topology.activityTopic())) {
            stored.put(row.get(0, Integer.class), row.get(1, Long.class));
        }
        return stored;
    }

    private void runBatch(Instant cutoff) {
        JobExecution execution;
        try {
            execution = batch.run(experiment.key(), cutoff);
        } catch (Exception e) {
            throw new IllegalStateException("the nightly run of cut-off " + cutoff + " could not start: " + e, e);
        }
        if (execution.getStatus() != BatchStatus.COMPLETED) {
            throw new IllegalStateException("the nightly run of cut-off " + cutoff + " ended "
                    + execution.getStatus() + ": "
                    + execution
                            .getExitStatus()
                            .getExitDescription()
                            .lines()
                            .findFirst()
                            .orElse("no reason given"));
        }
        batchRuns.add(execution);
    }

    private List<Decision> newDecisions() {
        Instant mark = databaseClock();
        List<Decision> fresh = new ArrayList<>();
        for (Decision decision : decisions.recordedSince(experiment.key(), readMark)) {
            if (seen.add(decision.id() + "/" + decision.mode())) {
                fresh.add(decision);
            }
        }
        readMark = mark;
        fresh.sort(ORDER);
        return fresh;
    }

    /** The database's clock, which {@code recorded_at} follows, read in UTC. */
    private Instant databaseClock() {
        return Instant.parse(db.fetchSingle(
                        "select to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')")
                .get(0, String.class));
    }

    private void requireBegun() {
        if (watermark == null) {
            throw new IllegalStateException("call begin(start) first");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the platform", e);
        }
    }
}
