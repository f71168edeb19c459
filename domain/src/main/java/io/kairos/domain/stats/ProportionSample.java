package io.kairos.domain.stats;

/** The conversions observed among the users of one arm: the input of a proportion comparison. */
public record ProportionSample(long conversions, long users) {

    public ProportionSample {
        if (users <= 0) {
            throw new IllegalArgumentException("users must be positive, was " + users);
        }
        if (conversions < 0 || conversions > users) {
            throw new IllegalArgumentException("conversions must be in [0, users], was " + conversions);
        }
    }

    /** The observed conversion rate, conversions / users. */
    public double rate() {
        return (double) conversions / users;
    }

    /** Unpooled variance of the rate, p(1 - p) / n. */
    double varianceOfRate() {
        double p = rate();
        return p * (1.0 - p) / users;
    }
}
