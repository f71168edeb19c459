package io.kairos.batch;

import io.kairos.domain.experiment.EnrolmentCutoff;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * When the nightly job runs and when its messages go out.
 *
 * <p>With {@code every} one day (the default): every day at {@code runAt} local time in {@code zone} (that instant is
 * the run's cut-off), messages at the first {@code sendAt} local time at or after the cut-off. With a shorter
 * {@code every} (an accelerated schedule, for a demo or a test of the batch arm that cannot wait a night): cut-offs
 * on every multiple of the period since 1970-01-01T00:00Z, each run's messages at its cut-off; {@code runAt} then
 * only names the run of a day ({@link #cutoffOn}), and {@code sendAt} is not used.
 *
 * @param every the period between cut-offs: whole seconds from {@link #SHORTEST_PERIOD} to a day, dividing a day
 */
public record NightlySchedule(LocalTime runAt, LocalTime sendAt, ZoneId zone, Duration every) {

    /** The shortest period between cut-offs: a run of the job itself takes seconds. */
    public static final Duration SHORTEST_PERIOD = Duration.ofSeconds(10);

    private static final Duration DAY = Duration.ofDays(1);

    /** Runs at 02:00, sends at 08:00, UTC. */
    public static final NightlySchedule DEFAULT =
            new NightlySchedule(LocalTime.of(2, 0), LocalTime.of(8, 0), ZoneId.of("UTC"));

    public NightlySchedule {
        Objects.requireNonNull(runAt, "runAt");
        Objects.requireNonNull(sendAt, "sendAt");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(every, "every");
        if (every.compareTo(SHORTEST_PERIOD) < 0 || every.compareTo(DAY) > 0) {
            throw new IllegalArgumentException("the batch period (kairos.batch.every) must be from "
                    + SHORTEST_PERIOD.toSeconds() + " s to one day, was " + every);
        }
        if (every.getNano() != 0 || DAY.toSeconds() % every.toSeconds() != 0) {
            throw new IllegalArgumentException("the batch period (kairos.batch.every) must divide a day into whole"
                    + " seconds (e.g. 30s, 1m, 15m, 6h), so that cut-offs fall at the same times every day; was "
                    + every);
        }
    }

    /** A daily schedule: runs at {@code runAt}, sends at {@code sendAt}, in {@code zone}. */
    public NightlySchedule(LocalTime runAt, LocalTime sendAt, ZoneId zone) {
        this(runAt, sendAt, zone, DAY);
    }

    /** An accelerated schedule: a cut-off on every multiple of {@code period}, messages at the cut-off. */
    public static NightlySchedule every(Duration period) {
        return new NightlySchedule(DEFAULT.runAt, DEFAULT.sendAt, DEFAULT.zone, period);
    }

    /** Whether runs follow the calendar (once a day at {@code runAt}) rather than a shorter fixed period. */
    public boolean daily() {
        return every.equals(DAY);
    }

    /**
     * The cut-off of the run scheduled on {@code day} (a local time skipped by a DST change moves forward); on an
     * accelerated schedule, the latest cut-off at or before {@code runAt} that day.
     */
    public Instant cutoffOn(LocalDate day) {
        Instant runTime = day.atTime(runAt).atZone(zone).toInstant();
        return daily() ? runTime : periodStart(runTime);
    }

    /** The latest scheduled cut-off at or before {@code instant}. */
    public Instant latestCutoffAtOrBefore(Instant instant) {
        if (!daily()) {
            return periodStart(instant);
        }
        LocalDate day = instant.atZone(zone).toLocalDate();
        Instant cutoff = cutoffOn(day);
        return cutoff.isAfter(instant) ? cutoffOn(day.minusDays(1)) : cutoff;
    }

    /** The first scheduled cut-off strictly after {@code instant}. */
    public Instant nextCutoffAfter(Instant instant) {
        if (!daily()) {
            return periodStart(instant).plus(every);
        }
        LocalDate day = instant.atZone(zone).toLocalDate();
        Instant cutoff = cutoffOn(day);
        return cutoff.isAfter(instant) ? cutoff : cutoffOn(day.plusDays(1));
    }

    /** The scheduled cut-offs in {@code (after, upTo]}, oldest first: the runs missed since {@code after}. */
    public List<Instant> cutoffsBetween(Instant after, Instant upTo) {
        List<Instant> cutoffs = new ArrayList<>();
        for (Instant next = nextCutoffAfter(after); !next.isAfter(upTo); next = nextCutoffAfter(next)) {
            cutoffs.add(next);
        }
        return cutoffs;
    }

    /** When the messages of the run with this cut-off go out. */
    public Instant sendTimeFor(Instant cutoff) {
        if (!daily()) {
            return cutoff;
        }
        ZonedDateTime local = cutoff.atZone(zone);
        Instant send = local.toLocalDate().atTime(sendAt).atZone(zone).toInstant();
        return send.isBefore(cutoff)
                ? local.toLocalDate().plusDays(1).atTime(sendAt).atZone(zone).toInstant()
                : send;
    }

    /**
     * The longest wait from a trigger to the delivery of its batch decision, which the report's enrolment cut-off
     * allows for: a trigger just after one cut-off waits for the next, then for that run's send time.
     */
    public Duration longestDeliveryDelay() {
        return daily() ? EnrolmentCutoff.longestNightlyDelay(runAt, sendAt, zone) : every;
    }

    /** The schedule in a sentence, for logs: "daily at 02:00 UTC (messages at 08:00)". */
    public String describe() {
        return daily()
                ? "daily at " + runAt + " " + zone + " (messages at " + sendAt + ")"
                : "every " + every.toString().substring(2).toLowerCase() + " (messages at each cut-off)";
    }

    private Instant periodStart(Instant instant) {
        long period = every.toSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(instant.getEpochSecond(), period) * period);
    }
}
