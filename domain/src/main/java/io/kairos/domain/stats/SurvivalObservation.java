package io.kairos.domain.stats;

/**
 * One user's time to conversion: the time at which the user converted, or, when censored, the last time the user
 * was observed without converting.
 *
 * @param time time since the user's origin (e.g. assignment), in the report's unit; never negative
 * @param event true when the user converted at {@code time}, false when censored there
 */
public record SurvivalObservation(double time, boolean event) {

    public SurvivalObservation {
        if (!(time >= 0.0) || Double.isInfinite(time)) {
            throw new IllegalArgumentException("time must be finite and non-negative, was " + time);
        }
    }

    /** A user who converted at the given time. */
    public static SurvivalObservation converted(double time) {
        return new SurvivalObservation(time, true);
    }

    /** A user still unconverted when last observed at the given time. */
    public static SurvivalObservation censored(double time) {
        return new SurvivalObservation(time, false);
    }
}
