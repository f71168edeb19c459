package io.kairos.domain.stats;

import org.apache.commons.statistics.distribution.NormalDistribution;

/** The standard normal distribution and its 97.5% quantile, shared by the normal-approximation tests. */
final class StandardNormal {

    private static final NormalDistribution DISTRIBUTION = NormalDistribution.of(0.0, 1.0);

    /** qnorm(0.975), the multiplier of a two-sided 95% interval. */
    static final double Z_95 = DISTRIBUTION.inverseSurvivalProbability(ConfidenceInterval.ALPHA / 2.0);

    private StandardNormal() {}

    /** Two-sided p-value of a z statistic: 2 P(Z > |z|). */
    static double twoSidedPValue(double z) {
        return 2.0 * DISTRIBUTION.survivalProbability(Math.abs(z));
    }
}
