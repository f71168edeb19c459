package io.kairos.simulator;

import java.time.Duration;
import java.util.Optional;

/**
 * An exponential decay given by its half-life, or no decay at all: {@code factor(d) = 2^(-d / halfLife)}, or 1.
 *
 * @param duration the half-life; empty means the quantity never decays
 */
public record HalfLife(Optional<Duration> duration) {

    /** No decay: the factor is 1 whatever the delay. */
    public static final HalfLife NONE = new HalfLife(Optional.empty());

    public HalfLife {
        duration = duration == null ? Optional.empty() : duration;
    }

    /** A decay halving every {@code halfLife}. */
    public static HalfLife of(Duration halfLife) {
        return new HalfLife(Optional.of(halfLife));
    }

    /** Whether the quantity decays at all. */
    public boolean decays() {
        return duration.isPresent();
    }

    /** The remaining share after {@code elapsed}: 1 at zero, one half after one half-life; 1 without decay. */
    public double factor(Duration elapsed) {
        if (duration.isEmpty() || elapsed.isNegative() || elapsed.isZero()) {
            return 1.0;
        }
        return Math.pow(2.0, -hours(elapsed) / hours(duration.get()));
    }

    /** The half-life in hours, or positive infinity without decay. */
    public double hours() {
        return duration.map(HalfLife::hours).orElse(Double.POSITIVE_INFINITY);
    }

    static double hours(Duration duration) {
        return duration.toMillis() / 3_600_000.0;
    }

    @Override
    public String toString() {
        return duration.map(d -> "half-life " + d).orElse("no decay");
    }
}
