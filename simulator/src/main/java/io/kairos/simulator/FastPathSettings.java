package io.kairos.simulator;

import io.kairos.domain.experiment.Mode;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Configuration of the in-process driver.
 *
 * @param grace how long past a timer's due time the real-time engine waits (in watermark time) before firing it
 * @param schedule the nightly batch's cut-off and send times
 * @param modes the modes to run; a mode no arm acts on only adds ghost decisions, so an experiment may leave it out
 * @param defaultZone the zone of users who never stated one (quiet hours, calendar-day caps)
 */
public record FastPathSettings(Duration grace, BatchSchedule schedule, Set<Mode> modes, ZoneId defaultZone) {

    public FastPathSettings {
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(defaultZone, "defaultZone");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative, was " + grace);
        }
        if (modes == null || modes.isEmpty()) {
            throw new IllegalArgumentException("at least one mode must run");
        }
        modes = Set.copyOf(EnumSet.copyOf(modes));
    }

    /** One minute of grace, cut-off 02:00 and send 09:00, both modes, all in {@code zone}. */
    public static FastPathSettings defaults(ZoneId zone) {
        return new FastPathSettings(
                Duration.ofMinutes(1), BatchSchedule.NIGHTLY.inZone(zone), EnumSet.allOf(Mode.class), zone);
    }

    /** These settings running only {@code onlyModes}. */
    public FastPathSettings withModes(Set<Mode> onlyModes) {
        return new FastPathSettings(grace, schedule, onlyModes, defaultZone);
    }
}
