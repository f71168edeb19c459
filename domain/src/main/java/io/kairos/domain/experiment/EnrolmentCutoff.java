package io.kairos.domain.experiment;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The analysis rule that keeps late triggers from favouring real time: a user is analysed only when first triggered
 * at or before {@code observationEnd − longestDeliveryDelay − attributionWindow}, so that whichever arm the user is in,
 * the message arrives and the whole attribution window after it lies inside the observation (ADR 0011).
 *
 * @param attributionWindow how long after a trigger (and after a delivery, for clicks) outcomes are counted
 * @param longestDeliveryDelay the longest time from a trigger to its delivery in any arm: the nightly batch's
 *     (see {@link #longestNightlyDelay})
 */
public record EnrolmentCutoff(Duration attributionWindow, Duration longestDeliveryDelay) {

    public EnrolmentCutoff {
        Objects.requireNonNull(attributionWindow, "attributionWindow");
        Objects.requireNonNull(longestDeliveryDelay, "longestDeliveryDelay");
        if (attributionWindow.isNegative() || attributionWindow.isZero()) {
            throw new IllegalArgumentException("the attribution window must be positive, was " + attributionWindow);
        }
        if (longestDeliveryDelay.isNegative()) {
            throw new IllegalArgumentException(
                    "the longest delivery delay must not be negative, was " + longestDeliveryDelay);
        }
    }

    /** The rule for a nightly batch with cut-off {@code cutoff} and send time {@code sendAt} in {@code zone}. */
    public static EnrolmentCutoff forNightlyBatch(
            Duration attributionWindow, LocalTime cutoff, LocalTime sendAt, ZoneId zone) {
        return new EnrolmentCutoff(attributionWindow, longestNightlyDelay(cutoff, sendAt, zone));
    }

    /**
     * The longest wait from a trigger to a nightly batch's delivery: a trigger just after one cut-off waits for the
     * next (a day; 25 hours on the night a zone with daylight saving time puts its clocks back), then for the first
     * send time at or after that cut-off.
     */
    public static Duration longestNightlyDelay(LocalTime cutoff, LocalTime sendAt, ZoneId zone) {
        Duration day = zone.getRules().isFixedOffset() ? Duration.ofHours(24) : Duration.ofHours(25);
        long sendAfterCutoff = Math.floorMod(
                sendAt.toSecondOfDay() - cutoff.toSecondOfDay(),
                Duration.ofDays(1).toSeconds());
        return day.plusSeconds(sendAfterCutoff);
    }

    /** How long before the end of observation enrolment stops: the delivery delay plus the attribution window. */
    public Duration allowance() {
        return longestDeliveryDelay.plus(attributionWindow);
    }

    /** The latest first trigger analysed when observation ends at {@code observationEnd}. */
    public Instant cutoffFor(Instant observationEnd) {
        return observationEnd.minus(allowance());
    }

    /** Whether a user first triggered at {@code firstTrigger} is analysed when observation ends at {@code end}. */
    public boolean enrols(Instant firstTrigger, Instant end) {
        return !firstTrigger.isAfter(cutoffFor(end));
    }
}
