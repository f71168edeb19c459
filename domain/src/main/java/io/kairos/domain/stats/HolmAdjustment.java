package io.kairos.domain.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Holm's step-down adjustment of a family of p-values: the report's guard against calling one of its several pairwise
 * comparisons significant by chance. It controls the family-wise error rate at the nominal level under any dependence
 * between the tests (Holm, "A Simple Sequentially Rejective Multiple Test Procedure", Scandinavian Journal of
 * Statistics, 1979), as R's {@code p.adjust(p, method = "holm")} computes it.
 */
public final class HolmAdjustment {

    private HolmAdjustment() {}

    /**
     * The adjusted p-values, in the order of {@code pValues}: sorted ascending, the i-th smallest of m is multiplied by
     * {@code m − i + 1}, capped at 1, and made non-decreasing along the sorted order. Throws
     * {@link IllegalArgumentException} for a p-value outside [0, 1] (NaN included).
     */
    public static double[] adjust(double... pValues) {
        for (double p : pValues) {
            if (!(p >= 0.0 && p <= 1.0)) {
                throw new IllegalArgumentException("p-values must be in [0, 1], was " + p);
            }
        }
        int m = pValues.length;
        Integer[] order = IntStream.range(0, m).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> pValues[i]));
        double[] adjusted = new double[m];
        double running = 0.0;
        for (int rank = 0; rank < m; rank++) {
            int index = order[rank];
            running = Math.max(running, Math.min(1.0, (m - rank) * pValues[index]));
            adjusted[index] = running;
        }
        return adjusted;
    }
}
