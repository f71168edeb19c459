package io.kairos.domain.stats;

import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * The standard normal distribution and its 97.5% quantile, shared by the normal-approximation tests and the power
 * calculation.
 */
final class StandardNormal {

    private static final NormalDistribution DISTRIBUTION = NormalDistribution.of(0.0, 1.0);

    /** qnorm(0.975), the multiplier of a two-sided 95% interval. */
    static final double Z_95 = DISTRIBUTION.inverseSurvivalProbability(ConfidenceInterval.ALPHA / 2.0);

    private StandardNormal() {}

    /** Two-sided p-value of a z statistic: 2 P(Z > |z|). */
    static double twoSidedPValue(double z) {
        return 2.0 * DISTRIBUTION.survivalProbability(Math.abs(z));
    }

    /** Φ(z) = P(Z ≤ z), R's {@code pnorm(z)}. */
    static double cumulativeProbability(double z) {
        return DISTRIBUTION.cumulativeProbability(z);
    }

    /** The z with P(Z > z) = {@code upperTail}, R's {@code qnorm(upperTail, lower.tail = FALSE)}. */
    static double upperQuantile(double upperTail) {
        return DISTRIBUTION.inverseSurvivalProbability(upperTail);
    }
}
