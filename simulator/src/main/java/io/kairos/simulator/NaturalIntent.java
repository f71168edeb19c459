package io.kairos.simulator;

import java.time.Duration;

/**
 * The natural purchase hazard of an open intent, {@code h(t) = h0 * 2^(-t / T)} (constant {@code h0} without decay),
 * with {@code h0} chosen so that the probability of a natural purchase within the attribution window {@code W} is
 * the configured natural conversion {@code p}: {@code 1 - exp(-H(W)) = p}.
 */
final class NaturalIntent {

    private static final double LN2 = Math.log(2.0);

    private final double initialPerHour;
    private final double halfLifeHours;

    NaturalIntent(double naturalConversion, HalfLife halfLife, Duration attributionWindow) {
        double target = -Math.log(1.0 - naturalConversion);
        double windowHours = HalfLife.hours(attributionWindow);
        this.halfLifeHours = halfLife.hours();
        this.initialPerHour = halfLife.decays()
                ? target * LN2 / (halfLifeHours * (1.0 - Math.pow(2.0, -windowHours / halfLifeHours)))
                : target / windowHours;
    }

    /** {@code h0}, per hour. */
    double initialPerHour() {
        return initialPerHour;
    }

    /** The cumulative hazard {@code H(t)} after {@code hours}. */
    double cumulative(double hours) {
        if (Double.isInfinite(halfLifeHours)) {
            return initialPerHour * hours;
        }
        return initialPerHour * halfLifeHours / LN2 * (1.0 - Math.pow(2.0, -hours / halfLifeHours));
    }

    /**
     * Hours from the intent moment to the natural purchase, by inversion of {@code H} at a unit exponential draw;
     * positive infinity when the intent fades before it ever converts.
     */
    double hoursToPurchase(double unitExponential) {
        if (Double.isInfinite(halfLifeHours)) {
            return unitExponential / initialPerHour;
        }
        double ceiling = initialPerHour * halfLifeHours / LN2;
        if (unitExponential >= ceiling) {
            return Double.POSITIVE_INFINITY;
        }
        return -halfLifeHours / LN2 * Math.log(1.0 - unitExponential / ceiling);
    }
}
