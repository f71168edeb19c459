package io.kairos.domain.delivery;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.DoubleSupplier;

/**
 * When a failed attempt is tried again: exponential backoff with full jitter (the wait before attempt n+1 is uniform
 * in [0, min(cap, base * 2^(n-1))], as AWS's "Exponential Backoff And Jitter" recommends, so that receivers recovering
 * from an outage are not hit by every sender at once), up to {@code maxAttempts} attempts in all.
 *
 * @param base the upper bound of the first wait
 * @param cap the largest upper bound of any wait
 * @param maxAttempts attempts in all, the first included; then the delivery is dead
 */
public record RetrySchedule(Duration base, Duration cap, int maxAttempts) {

    public RetrySchedule {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(cap, "cap");
        if (base.isNegative() || base.isZero()) {
            throw new IllegalArgumentException("the retry base must be positive, was " + base);
        }
        if (cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("the retry cap " + cap + " is below the base " + base);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("a delivery needs at least one attempt, was " + maxAttempts);
        }
    }

    /** The upper bound of the wait after the {@code attempts}-th failed attempt (1 for the first). */
    public Duration ceilingAfter(int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts start at 1, was " + attempts);
        }
        int doublings = Math.min(attempts - 1, 40);
        long millis = base.toMillis();
        for (int i = 0; i < doublings && millis < cap.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, cap.toMillis()));
    }

    /**
     * The wait in milliseconds after the {@code attempts}-th failed attempt, drawn with {@code uniform} (values in
     * [0, 1)); empty when no attempt is left.
     */
    public OptionalLong waitAfter(int attempts, DoubleSupplier uniform) {
        if (attempts >= maxAttempts) {
            return OptionalLong.empty();
        }
        double u = uniform.getAsDouble();
        if (u < 0 || u >= 1) {
            throw new IllegalArgumentException("uniform draws must be in [0, 1), was " + u);
        }
        return OptionalLong.of((long) Math.floor(u * (ceilingAfter(attempts).toMillis() + 1)));
    }
}
