package io.kairos.app.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.function.ToDoubleFunction;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's state in PostgreSQL as Prometheus gauges, read at most once per refresh interval whatever the
 * scrape rate: the outbox backlog (decisions recorded but not yet published) and the last nightly run (its duration,
 * whether it completed, when it ended). A query that fails leaves NaN until the next one succeeds.
 */
final class PlatformGauges implements MeterBinder {

    private static final Logger LOG = LoggerFactory.getLogger(PlatformGauges.class);

    private final DSLContext db;
    private final Duration refresh;
    private final Clock clock;
    private Instant readAt = Instant.MIN;
    private Snapshot snapshot = Snapshot.UNKNOWN;

    PlatformGauges(DSLContext db, Duration refresh, Clock clock) {
        this.db = db;
        this.refresh = refresh;
        this.clock = clock;
    }

    /** What the gauges show; NaN where unknown. */
    record Snapshot(double outboxBacklog, double lastRunSeconds, double lastRunCompleted, double lastRunEnd) {
        static final Snapshot UNKNOWN = new Snapshot(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(
                registry,
                "kairos.outbox.backlog",
                "decisions recorded but not yet published",
                "decisions",
                Snapshot::outboxBacklog);
        gauge(
                registry,
                "kairos.batch.last.run.duration",
                "duration of the last nightly run",
                "seconds",
                Snapshot::lastRunSeconds);
        gauge(
                registry,
                "kairos.batch.last.run.completed",
                "1 when the last nightly run completed, 0 otherwise",
                null,
                Snapshot::lastRunCompleted);
        gauge(
                registry,
                "kairos.batch.last.run.end",
                "end of the last nightly run, seconds since the epoch",
                "seconds",
                Snapshot::lastRunEnd);
    }

    private void gauge(
            MeterRegistry registry, String name, String description, String unit, ToDoubleFunction<Snapshot> value) {
        Gauge.builder(name, this, gauges -> value.applyAsDouble(gauges.current()))
                .description(description)
                .baseUnit(unit)
                .register(registry);
    }

    synchronized Snapshot current() {
        Instant now = clock.instant();
        if (Duration.between(readAt, now).compareTo(refresh) >= 0) {
            readAt = now;
            snapshot = read();
        }
        return snapshot;
    }

    private Snapshot read() {
        try {
            long backlog = db.fetchOne("select count(*) from decision_outbox where published_at is null")
                    .get(0, Long.class);
            Record last = db.fetchOne("select status, start_time, end_time from batch_job_execution"
                    + " where start_time is not null order by job_execution_id desc limit 1");
            if (last == null) {
                return new Snapshot(backlog, Double.NaN, Double.NaN, Double.NaN);
            }
            // Spring Batch stores its times as the JVM's local date-time, without a zone.
            LocalDateTime start = last.get("start_time", LocalDateTime.class);
            LocalDateTime end = last.get("end_time", LocalDateTime.class);
            return new Snapshot(
                    backlog,
                    end == null ? Double.NaN : Duration.between(start, end).toMillis() / 1000.0,
                    "COMPLETED".equals(last.get("status", String.class)) ? 1 : 0,
                    end == null
                            ? Double.NaN
                            : end.atZone(ZoneId.systemDefault()).toEpochSecond());
        } catch (RuntimeException e) {
            LOG.warn("cannot read the platform's gauges from PostgreSQL: {}", e.getMessage());
            return Snapshot.UNKNOWN;
        }
    }
}
