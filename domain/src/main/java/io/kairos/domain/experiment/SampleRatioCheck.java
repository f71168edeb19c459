package io.kairos.domain.experiment;

import java.util.List;
import java.util.Map;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;

/**
 * Sample-ratio-mismatch check: a chi-square goodness-of-fit test of observed arm sizes against the configured
 * weights, flagged when p is below {@link #ALPHA}.
 */
public final class SampleRatioCheck {

    /** The significance level: a mismatch this unlikely under correct assignment means assignment is broken. */
    public static final double ALPHA = 0.001;

    private SampleRatioCheck() {}

    /** The result of one check. */
    public record Result(double chiSquare, int degreesOfFreedom, double pValue, boolean mismatch) {}

    /**
     * Tests observed user counts per arm name against an experiment's weights (arms missing from the map count
     * zero). The expected share of each arm is its weight over the total weight.
     */
    public static Result check(Experiment experiment, Map<String, Long> observed) {
        List<Arm> arms = experiment.arms();
        long[] counts = new long[arms.size()];
        double[] expectedShares = new double[arms.size()];
        for (int i = 0; i < arms.size(); i++) {
            counts[i] = observed.getOrDefault(arms.get(i).name(), 0L);
            expectedShares[i] = arms.get(i).weight() / (double) experiment.totalWeight();
        }
        return check(counts, expectedShares);
    }

    /** Tests observed counts against expected shares (which are normalised to sum to 1). */
    public static Result check(long[] counts, double[] expectedShares) {
        if (counts.length != expectedShares.length || counts.length < 2) {
            throw new IllegalArgumentException("need at least two categories with one share each");
        }
        long total = 0;
        double shareSum = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < 0 || !(expectedShares[i] > 0)) {
                throw new IllegalArgumentException("counts must be non-negative and shares positive");
            }
            total += counts[i];
            shareSum += expectedShares[i];
        }
        if (total == 0) {
            return new Result(0, counts.length - 1, 1, false);
        }
        double chiSquare = 0;
        for (int i = 0; i < counts.length; i++) {
            double expected = total * expectedShares[i] / shareSum;
            double diff = counts[i] - expected;
            chiSquare += diff * diff / expected;
        }
        int df = counts.length - 1;
        double p = ChiSquaredDistribution.of(df).survivalProbability(chiSquare);
        return new Result(chiSquare, df, p, p < ALPHA);
    }
}
