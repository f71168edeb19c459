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
 * record timestamp to PostgreSQL commit, wall clock, histogram), {@code timer.fire.delay} (event time from a timer's due
 * time to the watermark that fired it), {@code lag} and {@code watermark.epoch.ms} (gauges, tag {@code partition}),
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
    private final Timer processingLatency;
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
        this.processingLatency = Timer.builder("kairos.stream.processing.latency")
                .description("Kafka record timestamp to the commit of the decision it produced (wall clock)")
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
        registry.counter("kairos.stream.dead.letters", Tags.of("group", group, "reason", reason))
                .increment();
    }

    /** Counts late events of one kind. */
    public void lateEvents(String kind, int count) {
        if (count > 0) {
            registry.counter("kairos.stream.late.events", Tags.of("group", group, "kind", kind))
                    .increment(count);
        }
    }

    /** Counts one decision by status. */
    public void decision(String status) {
        registry.counter("kairos.stream.decisions", Tags.of("group", group, "status", status))
                .increment();
    }

    /** Records one processing latency. */
    public void processingLatency(Duration latency) {
        processingLatency.record(recordable(latency));
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
        lags.computeIfAbsent(partition, p -> gauge("kairos.stream.lag", p)).set(lag);
    }

    /** Sets a partition's event-time watermark. */
    public void watermark(int partition, long epochMillis) {
        watermarks
                .computeIfAbsent(partition, p -> gauge("kairos.stream.watermark.epoch.ms", p))
                .set(epochMillis);
    }

    /** Total lag over the partitions last reported. */
    public long totalLag() {
        return lags.values().stream().mapToLong(AtomicLong::get).sum();
    }

    private AtomicLong gauge(String name, int partition) {
        AtomicLong value = new AtomicLong();
        Gauge.builder(name, value, AtomicLong::get)
                .tags("group", group, "partition", Integer.toString(partition))
                .register(registry);
        return value;
    }
}
