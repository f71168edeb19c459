package io.kairos.domain.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;

/**
 * Log-rank test that two or more arms share the same time-to-conversion curve, as R
 * {@code survival::survdiff(Surv(time, status) ~ arm)} with its default rho = 0.
 *
 * @param groups observed and expected conversions per arm, in the order the arms were given
 * @param chiSquare (O - E)ᵀ V⁻¹ (O - E) over the arms with expected conversions, the first of them dropped so that
 *     V is invertible (the statistic does not depend on which arm is dropped)
 * @param degreesOfFreedom number of arms with expected conversions, minus one
 * @param pValue upper tail of the chi-square distribution with {@code degreesOfFreedom}
 */
public record LogRankTest(List<LogRankGroup> groups, double chiSquare, int degreesOfFreedom, double pValue) {

    /** Relative pivot size below which the variance matrix is treated as singular. */
    private static final double SINGULARITY_TOLERANCE = 1e-12;

    public LogRankTest {
        groups = List.copyOf(groups);
    }

    private record Tagged(double time, boolean event, int group) {}

    /**
     * Compares the arms given in iteration order (use an ordered map). Like survdiff, only arms with a positive
     * expected count enter the statistic, and one of them is dropped to invert the variance matrix. Empty when fewer
     * than two arms have expected conversions (no conversion at all, or a single non-empty arm) or when the variance
     * matrix is singular (e.g. every user at risk converts at the same instant), where survdiff gives no p-value.
     */
    public static Optional<LogRankTest> compare(Map<String, ? extends Collection<SurvivalObservation>> arms) {
        if (arms.size() < 2) {
            throw new IllegalArgumentException("a log-rank test needs at least two arms, got " + arms.size());
        }
        List<String> names = new ArrayList<>(arms.keySet());
        int k = names.size();
        int[] atRisk = new int[k];
        List<Tagged> pooled = new ArrayList<>();
        for (int g = 0; g < k; g++) {
            Collection<SurvivalObservation> arm = arms.get(names.get(g));
            atRisk[g] = arm.size();
            for (SurvivalObservation observation : arm) {
                pooled.add(new Tagged(observation.time(), observation.event(), g));
            }
        }
        int[] subjects = atRisk.clone();
        pooled.sort(Comparator.comparingDouble(Tagged::time));

        int[] observed = new int[k];
        double[] expected = new double[k];
        double[][] variance = new double[k][k];
        int[] eventsAtTime = new int[k];
        int[] leavingAtTime = new int[k];
        int totalAtRisk = pooled.size();
        int i = 0;
        while (i < pooled.size()) {
            double time = pooled.get(i).time();
            Arrays.fill(eventsAtTime, 0);
            Arrays.fill(leavingAtTime, 0);
            int events = 0;
            while (i < pooled.size() && pooled.get(i).time() == time) {
                Tagged tagged = pooled.get(i);
                leavingAtTime[tagged.group()]++;
                if (tagged.event()) {
                    eventsAtTime[tagged.group()]++;
                    events++;
                }
                i++;
            }
            if (events > 0) {
                double n = totalAtRisk;
                double spread = totalAtRisk > 1 ? events * (n - events) / (n - 1) : 0.0;
                for (int g = 0; g < k; g++) {
                    observed[g] += eventsAtTime[g];
                    expected[g] += events * atRisk[g] / n;
                    for (int h = 0; h < k; h++) {
                        double indicator = g == h ? 1.0 : 0.0;
                        variance[g][h] += spread * (atRisk[g] / n) * (indicator - atRisk[h] / n);
                    }
                }
            }
            for (int g = 0; g < k; g++) {
                atRisk[g] -= leavingAtTime[g];
            }
            totalAtRisk -= sum(leavingAtTime);
        }

        List<LogRankGroup> groups = new ArrayList<>();
        List<Integer> contributing = new ArrayList<>();
        for (int g = 0; g < k; g++) {
            groups.add(new LogRankGroup(names.get(g), subjects[g], observed[g], expected[g]));
            if (expected[g] > 0.0) {
                contributing.add(g);
            }
        }
        if (contributing.size() < 2) {
            return Optional.empty();
        }
        int dimension = contributing.size() - 1;
        double[][] reduced = new double[dimension][dimension];
        double[] excess = new double[dimension];
        for (int a = 0; a < dimension; a++) {
            int g = contributing.get(a + 1);
            excess[a] = observed[g] - expected[g];
            for (int b = 0; b < dimension; b++) {
                reduced[a][b] = variance[g][contributing.get(b + 1)];
            }
        }
        Optional<double[]> solution = solve(reduced, excess);
        if (solution.isEmpty()) {
            return Optional.empty();
        }
        double chiSquare = 0.0;
        for (int a = 0; a < dimension; a++) {
            chiSquare += solution.get()[a] * excess[a];
        }
        double pValue = ChiSquaredDistribution.of(dimension).survivalProbability(chiSquare);
        return Optional.of(new LogRankTest(groups, chiSquare, dimension, pValue));
    }

    private static int sum(int[] values) {
        int total = 0;
        for (int value : values) {
            total += value;
        }
        return total;
    }

    /** Gaussian elimination with partial pivoting; empty when the matrix is (numerically) singular. */
    private static Optional<double[]> solve(double[][] matrix, double[] rightHandSide) {
        int n = rightHandSide.length;
        double[][] a = new double[n][];
        double scale = 0.0;
        for (int r = 0; r < n; r++) {
            a[r] = matrix[r].clone();
            scale = Math.max(scale, Math.abs(a[r][r]));
        }
        double[] b = rightHandSide.clone();
        if (!(scale > 0.0)) {
            return Optional.empty();
        }
        for (int column = 0; column < n; column++) {
            int pivot = column;
            for (int r = column + 1; r < n; r++) {
                if (Math.abs(a[r][column]) > Math.abs(a[pivot][column])) {
                    pivot = r;
                }
            }
            if (Math.abs(a[pivot][column]) <= SINGULARITY_TOLERANCE * scale) {
                return Optional.empty();
            }
            double[] rowSwap = a[column];
            a[column] = a[pivot];
            a[pivot] = rowSwap;
            double valueSwap = b[column];
            b[column] = b[pivot];
            b[pivot] = valueSwap;
            for (int r = column + 1; r < n; r++) {
                double factor = a[r][column] / a[column][column];
                for (int c = column; c < n; c++) {
                    a[r][c] -= factor * a[column][c];
                }
                b[r] -= factor * b[column];
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double residual = b[r];
            for (int c = r + 1; c < n; c++) {
                residual -= a[r][c] * x[c];
            }
            x[r] = residual / a[r][r];
        }
        return Optional.of(x);
    }
}
