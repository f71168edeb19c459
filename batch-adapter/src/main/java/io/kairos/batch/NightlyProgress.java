package io.kairos.batch;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The running totals of the current nightly run, shared by its partitions: users and events processed, decisions by
 * status, timers fired, late events. Also published as gauges ({@code kairos.batch.*}). One run at a time.
 */
public final class NightlyProgress {

    private final LongAdder users = new LongAdder();
    private final LongAdder events = new LongAdder();
    private final LongAdder replayed = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder ghosts = new LongAdder();
    private final LongAdder suppressed = new LongAdder();
    private final LongAdder timersFired = new LongAdder();
    private final LongAdder lateEvents = new LongAdder();
    private final AtomicLong expectedUsers = new AtomicLong();
    private volatile long startedNanos = System.nanoTime();

    /** Totals that also show as gauges in {@code registry}. */
    public NightlyProgress(MeterRegistry registry) {
        gauge(registry, "kairos.batch.users.processed", users, "users the current (or last) nightly run has processed");
        gauge(
                registry,
                "kairos.batch.events.processed",
                events,
                "events the current (or last) nightly run has processed");
        gauge(
                registry,
                "kairos.batch.events.replayed",
                replayed,
                "events of earlier periods the current (or last) nightly run re-read for late data");
        gauge(
                registry,
                "kairos.batch.decisions.delivered",
                delivered,
                "decisions to deliver the current (or last) nightly run has made");
        gauge(
                registry,
                "kairos.batch.decisions.ghost",
                ghosts,
                "ghost decisions (control arm) the current (or last) nightly run has made");
        gauge(
                registry,
                "kairos.batch.decisions.suppressed",
                suppressed,
                "decisions suppressed by a guard in the current (or last) nightly run");
        gauge(registry, "kairos.batch.timers.fired", timersFired, "timers the current (or last) nightly run has fired");
        gauge(
                registry,
                "kairos.batch.events.late",
                lateEvents,
                "late events the current (or last) nightly run has found");
        Gauge.builder("kairos.batch.eta", this, p -> p.eta().toMillis() / 1000.0)
                .description("estimated time left of the current nightly run")
                .baseUnit("seconds")
                .register(registry);
    }

    private static void gauge(MeterRegistry registry, String name, LongAdder value, String description) {
        Gauge.builder(name, value, LongAdder::doubleValue)
                .description(description)
                .register(registry);
    }

    /** Starts a run: zero totals; {@code expected} users (an estimate, 0 if unknown) drive the ETA. */
    public void start(long expected) {
        users.reset();
        events.reset();
        replayed.reset();
        delivered.reset();
        ghosts.reset();
        suppressed.reset();
        timersFired.reset();
        lateEvents.reset();
        expectedUsers.set(expected);
        startedNanos = System.nanoTime();
    }

    /** Adds one chunk's counts. */
    public void add(
            long chunkUsers,
            long chunkEvents,
            long chunkReplayed,
            long chunkDelivered,
            long chunkGhosts,
            long chunkSuppressed,
            long chunkTimersFired,
            long chunkLateEvents) {
        users.add(chunkUsers);
        events.add(chunkEvents);
        replayed.add(chunkReplayed);
        delivered.add(chunkDelivered);
        ghosts.add(chunkGhosts);
        suppressed.add(chunkSuppressed);
        timersFired.add(chunkTimersFired);
        lateEvents.add(chunkLateEvents);
    }

    /** Users processed so far. */
    public long users() {
        return users.sum();
    }

    /** Events processed so far. */
    public long events() {
        return events.sum();
    }

    /** Estimated time left, from the rate so far and the expected number of users; zero when unknown or done. */
    public Duration eta() {
        long done = users.sum();
        long expected = expectedUsers.get();
        long elapsed = System.nanoTime() - startedNanos;
        if (done == 0 || expected <= done) {
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) ((double) elapsed / done * (expected - done)));
    }

    /** One log line of the totals so far. */
    public String summary() {
        double seconds = Math.max(1e-9, (System.nanoTime() - startedNanos) / 1e9);
        long expected = expectedUsers.get();
        return String.format(
                "users %,d%s, events %,d (%,.0f/s) plus %,d re-read for late data, decisions delivered %,d ghost %,d suppressed %,d, timers fired %,d,"
                        + " late events %,d, ETA %s",
                users.sum(),
                expected > 0 ? " of ~" + String.format("%,d", expected) : "",
                events.sum(),
                events.sum() / seconds,
                replayed.sum(),
                delivered.sum(),
                ghosts.sum(),
                suppressed.sum(),
                timersFired.sum(),
                lateEvents.sum(),
                expected > 0 ? eta().toSeconds() + " s" : "unknown (first run)");
    }
}
