package io.kairos.streaming.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The meters of one consumer group (tag {@code group}), safe to share between the threads of that group. Names (all
 * prefixed {@code kairos.stream.}): {@code records} (consumed, by partition-less counter), {@code events} (valid
 * events processed), {@code dead.letters} (tag {@code reason}), {@code late.events} (tag {@code kind}: {@code
 * beyond-grace} or {@code after-decision}), {@code decisions} (tag {@code status}), {@code processing.latency} (Kafka
 * record timestamp to PostgreSQL commit, wall clock, histogram, tag {@code arm}), {@code timer.fire.delay} (event time from a timer's due
 * time to the watermark that fired it), {@code lag} (records) and {@code watermark} (seconds since the epoch; gauges, tag {@code partition}),
 * {@code batch.retries} (retriable failures), {@code batch.fenced} (batches of a zombie consumer discarded), {@code
 * published} (decisions published).
 */
public final class StreamingMetrics {

    /** The longest duration recorded; longer ones are recorded as this. */
    static final Duration LONGEST_RECORDED = Duration.ofDays(365L * 100);

    private final MeterRegistry registry;
    private final String group;
    private final Counter records;
    private final Counter events;
    private final Counter retries;
    private final Counter fenced;
    private final Counter published;
    private final Map<String, Timer> processingLatency = new ConcurrentHashMap<>();
    private final Timer commitTime;
    private final Timer timerFireDelay;
    private final Map<Integer, AtomicLong> lags = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicLong> watermarks = new ConcurrentHashMap<>();

    /** Meters of consumer group {@code group} in {@code registry}. */
    public StreamingMetrics(MeterRegistry registry, String group) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.group = Objects.requireNonNull(group, "group");
        this.records = Counter.builder("kairos.stream.records")
                .description("records consumed")
                .tag("group", group)
                .register(registry);
        this.events = Counter.builder("kairos.stream.events")
                .description("valid events processed")
                .tag("group", group)
                .register(registry);
        this.retries = Counter.builder("kairos.stream.batch.retries")
                .description("batches retried after a retriable failure")
                .tag("group", group)
                .register(registry);
        this.fenced = Counter.builder("kairos.stream.batch.fenced")
                .description("batches discarded because another consumer had processed their partition since")
                .tag("group", group)
                .register(registry);
        this.published = Counter.builder("kairos.stream.published")
                .description("decisions published to the decisions topic")
                .tag("group", group)
                .register(registry);
        this.commitTime = Timer.builder("kairos.stream.batch.commit")
                .description("one poll batch's commit: dead letters, then the PostgreSQL transaction of its writes"
                        + " and offsets")
                .tag("group", group)
                .publishPercentileHistogram()
                .register(registry);
        this.timerFireDelay = Timer.builder("kairos.stream.timer.fire.delay")
                .description("event time from a timer's due time to the watermark that fired it")
                .tag("group", group)
                .publishPercentileHistogram()
                .register(registry);
    }

    /** Counts consumed records. */
    public void recordsConsumed(int count) {
        records.increment(count);
    }

    /** Counts valid events processed. */
    public void eventsProcessed(int count) {
        events.increment(count);
    }

    /** Counts one dead-lettered record. */
    public void deadLetter(String reason) {
        counter("kairos.stream.dead.letters", "records put on the dead-letter topic, by reason", "reason", reason)
                .increment();
    }

    /** Counts late events of one kind. */
    public void lateEvents(String kind, int count) {
        if (count > 0) {
            counter("kairos.stream.late.events", "events that arrived after their watermark, by kind", "kind", kind)
                    .increment(count);
        }
    }

    /** Counts fired timers that decided nothing because their campaign is not in the version then in force. */
    public void timersWithoutCampaign(int count) {
        if (count > 0) {
            counter(
                            "kairos.stream.timers.dropped",
                            "fired timers that decided nothing, by reason",
                            "reason",
                            "campaign-not-in-version")
                    .increment(count);
        }
    }

    /** Counts one decision by status. */
    public void decision(String status) {
        counter("kairos.stream.decisions", "decisions committed, by status", "status", status)
                .increment();
    }

    /**
     * Records one decision's processing latency: from the Kafka record timestamp of the event behind it (the
     * collector's receive time for a posted event) to its commit, per arm.
     */
    public void processingLatency(String arm, Duration latency) {
        processingLatency
                .computeIfAbsent(
                        arm,
                        a -> Timer.builder("kairos.stream.processing.latency")
                                .description(
                                        "Kafka record timestamp (the collector's receive time for a posted event) to the"
                                                + " commit of the decision it produced, wall clock")
                                .tags("group", group, "arm", a)
                                .publishPercentileHistogram()
                                .register(registry))
                .record(recordable(latency));
    }

    /** Records how long one poll batch's commit took. */
    public void commitTime(Duration duration) {
        commitTime.record(recordable(duration));
    }

    /** Records how far past its due time a timer fired, in event time. */
    public void timerFireDelay(Duration delay) {
        timerFireDelay.record(recordable(delay));
    }

    /**
     * A duration a timer can record: negative ones as zero, and none longer than {@link #LONGEST_RECORDED}, since
     * timers count in nanoseconds, which overflow a long after 292 years.
     */
    static Duration recordable(Duration duration) {
        if (duration.isNegative()) {
            return Duration.ZERO;
        }
        return duration.compareTo(LONGEST_RECORDED) > 0 ? LONGEST_RECORDED : duration;
    }

    /** Counts a retried batch. */
    public void retry() {
        retries.increment();
    }

    /** Counts a batch discarded by the offsets' fence. */
    public void fenced() {
        fenced.increment();
    }

    /** Counts published decisions. */
    public void published(int count) {
        published.increment(count);
    }

    /** Sets a partition's lag (records behind the log end). */
    public void lag(int partition, long lag) {
        lags.computeIfAbsent(
                        partition,
                        p -> gauge("kairos.stream.lag", p, "records", "records behind the log end, per partition", 1))
                .set(lag);
    }

    /** Sets a partition's event-time watermark. */
    public void watermark(int partition, long epochMillis) {
        watermarks
                .computeIfAbsent(
                        partition,
                        p -> gauge(
                                "kairos.stream.watermark",
                                p,
                                "seconds",
                                "the partition's event-time watermark, seconds since the epoch",
                                1000.0))
                .set(epochMillis);
    }

    /** Total lag over the partitions last reported. */
    public long totalLag() {
        return lags.values().stream().mapToLong(AtomicLong::get).sum();
    }

    private Counter counter(String name, String description, String tag, String value) {
        return Counter.builder(name)
                .description(description)
                .tags(Tags.of("group", group, tag, value))
                .register(registry);
    }

    private AtomicLong gauge(String name, int partition, String unit, String description, double divisor) {
        AtomicLong value = new AtomicLong();
        Gauge.builder(name, value, v -> v.get() / divisor)
                .description(description)
                .baseUnit(unit)
                .tags("group", group, "partition", Integer.toString(partition))
                .register(registry);
        return value;
    }
}
