package io.kairos.simulator;

import io.kairos.domain.port.in.BatchRun;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The nightly batch: a cut-off at a local time every day, messages sent at a local send time, in one zone.
 *
 * @param cutoff local time of the nightly cut-off, e.g. 02:00: the run covers events strictly before it
 * @param sendAt local time at which the run's messages go out: the first such time at or after the cut-off
 * @param zone the zone both times are read in
 */
public record BatchSchedule(LocalTime cutoff, LocalTime sendAt, ZoneId zone) {

    /** The brief's schedule: cut-off 02:00, send 09:00, UTC. */
    public static final BatchSchedule NIGHTLY =
            new BatchSchedule(LocalTime.of(2, 0), LocalTime.of(9, 0), ZoneOffset.UTC);

    public BatchSchedule {
        Objects.requireNonNull(cutoff, "cutoff");
        Objects.requireNonNull(sendAt, "sendAt");
        Objects.requireNonNull(zone, "zone");
    }

    /** The same schedule in another zone. */
    public BatchSchedule inZone(ZoneId otherZone) {
        return new BatchSchedule(cutoff, sendAt, otherZone);
    }

    /** The first cut-off strictly after {@code after}. */
    public Instant nextCutoffAfter(Instant after) {
        LocalDate day = after.atZone(zone).toLocalDate().minusDays(1);
        while (true) {
            Instant cut = ZonedDateTime.of(day, cutoff, zone).toInstant();
            if (cut.isAfter(after)) {
                return cut;
            }
            day = day.plusDays(1);
        }
    }

    /** The runs whose cut-off lies in {@code (after, upTo]}, in time order. */
    public List<BatchRun> runsBetween(Instant after, Instant upTo) {
        List<BatchRun> runs = new ArrayList<>();
        LocalDate day = after.atZone(zone).toLocalDate().minusDays(1);
        while (true) {
            Instant cut = ZonedDateTime.of(day, cutoff, zone).toInstant();
            if (cut.isAfter(upTo)) {
                return runs;
            }
            if (cut.isAfter(after)) {
                LocalDate sendDay = sendAt.isBefore(cutoff) ? day.plusDays(1) : day;
                Instant send = ZonedDateTime.of(sendDay, sendAt, zone).toInstant();
                runs.add(new BatchRun(cut, send.isBefore(cut) ? cut : send));
            }
            day = day.plusDays(1);
        }
    }
}
