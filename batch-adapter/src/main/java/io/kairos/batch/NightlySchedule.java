package io.kairos.batch;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * When the nightly job runs and when its messages go out: every day at {@code runAt} local time in {@code zone} (that
 * instant is the run's cut-off), messages at the first {@code sendAt} local time at or after the cut-off.
 */
public record NightlySchedule(LocalTime runAt, LocalTime sendAt, ZoneId zone) {

    /** Runs at 02:00, sends at 08:00, UTC. */
    public static final NightlySchedule DEFAULT =
            new NightlySchedule(LocalTime.of(2, 0), LocalTime.of(8, 0), ZoneId.of("UTC"));

    public NightlySchedule {
        Objects.requireNonNull(runAt, "runAt");
        Objects.requireNonNull(sendAt, "sendAt");
        Objects.requireNonNull(zone, "zone");
    }

    /** The cut-off of the run scheduled on {@code day} (a local time skipped by a DST change moves forward). */
    public Instant cutoffOn(LocalDate day) {
        return day.atTime(runAt).atZone(zone).toInstant();
    }

    /** The latest scheduled cut-off at or before {@code instant}. */
    public Instant latestCutoffAtOrBefore(Instant instant) {
        LocalDate day = instant.atZone(zone).toLocalDate();
        Instant cutoff = cutoffOn(day);
        return cutoff.isAfter(instant) ? cutoffOn(day.minusDays(1)) : cutoff;
    }

    /** The first scheduled cut-off strictly after {@code instant}. */
    public Instant nextCutoffAfter(Instant instant) {
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
        ZonedDateTime local = cutoff.atZone(zone);
        Instant send = local.toLocalDate().atTime(sendAt).atZone(zone).toInstant();
        return send.isBefore(cutoff)
                ? local.toLocalDate().plusDays(1).atTime(sendAt).atZone(zone).toInstant()
                : send;
    }
}
