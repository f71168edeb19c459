package io.kairos.domain.decision.engine;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Engine configuration.
 *
 * @param grace how long after a timer's due time streaming waits (in watermark time) for late events before firing
 * @param defaultZone the zone of users who never stated one (quiet hours, calendar-day caps)
 */
public record EngineSettings(Duration grace, ZoneId defaultZone) {

    public EngineSettings {
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(defaultZone, "defaultZone");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative");
        }
    }
}
