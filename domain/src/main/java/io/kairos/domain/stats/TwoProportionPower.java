package io.kairos.domain.stats;

import java.util.function.DoubleUnaryOperator;

/**
 * Power and sample size of the two-sided two-proportion z-test with equal groups, as R's {@code power.prop.test}
 * computes them with its default {@code strict = FALSE}: the analysis plan's answer to "how many users per arm, and so
 * how long, to detect a change of conversion rate from p1 to p2".
 *
 * <p>With n users per group, d = |p1 − p2| and z = Φ⁻¹(1 − α/2):
 *
 * <pre>
 *   power = Φ( (sqrt(n) · d − z · sqrt((p1 + p2)(1 − (p1 + p2)/2))) / sqrt(p1(1 − p1) + p2(1 − p2)) )
 * </pre>
 *
 * <p>The first square root is sqrt(2 p̄ (1 − p̄)) with p̄ = (p1 + p2)/2, the standard deviation under the null
 * hypothesis of equal rates; the second the one under the alternative. Only the rejection in the direction of the true
 * difference is counted ({@code strict = FALSE}); the other tail adds less than α/2.
 *
 * <p>The sample size and the detectable rate invert that formula numerically by bisection (R uses {@code uniroot}),
 * run until the bracket cannot be split further in double precision: tighter than R's default tolerance
 * {@code .Machine$double.eps^0.25}, so R's printed n and p2 can differ from these in their fifth significant digit.
 */
public final class TwoProportionPower {

    /** The smallest group the calculation accepts and the lower end of the sample-size search. */
    static final double MIN_GROUP_SIZE = 2.0;

    /**
     * The upper end of the sample-size search, that of R's {@code uniroot} interval {@code c(1, 1e7)}; R extends the
     * interval beyond it, this calculation says the difference is too small instead.
     */
    static final double MAX_GROUP_SIZE = 1e7;

    private static final int MAX_BISECTIONS = 2_000;

    private TwoProportionPower() {}

    /**
     * The probability that the two-sided test at level {@code alpha} finds the difference between {@code p1} and
     * {@code p2} significant with {@code nPerGroup} users in each group (formula in the class comment; R:
     * {@code power.prop.test(n =, p1 =, p2 =, sig.level =)$power}). Throws {@link IllegalArgumentException} for a
     * group smaller than 2, a rate or level outside (0, 1), or equal rates.
     */
    public static double power(double nPerGroup, double p1, double p2, double alpha) {
        requireGroupSize(nPerGroup);
        requireRates(p1, p2);
        requireProbability("alpha", alpha);
        return powerOf(nPerGroup, p1, p2, StandardNormal.upperQuantile(alpha / 2.0));
    }

    /**
     * The number of users per group (not rounded; round it up) at which {@link #power} reaches {@code power} (R:
     * {@code power.prop.test(p1 =, p2 =, sig.level =, power =)$n}), searched in [2, 10⁷]. Throws
     * {@link IllegalArgumentException} for a rate, level or power outside (0, 1), equal rates, or a solution outside
     * that range (the message says which end).
     */
    public static double sampleSizePerGroup(double p1, double p2, double alpha, double power) {
        requireRates(p1, p2);
        requireProbability("alpha", alpha);
        requireProbability("power", power);
        double z = StandardNormal.upperQuantile(alpha / 2.0);
        DoubleUnaryOperator shortfall = n -> powerOf(n, p1, p2, z) - power;
        if (shortfall.applyAsDouble(MIN_GROUP_SIZE) >= 0.0) {
            throw new IllegalArgumentException("p1 = " + p1 + " and p2 = " + p2 + " already reach power " + power
                    + " at alpha " + alpha + " with 2 users per group, the smallest group allowed");
        }
        if (shortfall.applyAsDouble(MAX_GROUP_SIZE) < 0.0) {
            throw new IllegalArgumentException("p1 = " + p1 + " and p2 = " + p2 + " need more than 10 000 000"
                    + " users per group to reach power " + power + " at alpha " + alpha);
        }
        return bisect(shortfall, MIN_GROUP_SIZE, MAX_GROUP_SIZE);
    }

    /**
     * The rate p2 above {@code p1} that {@code nPerGroup} users per group detect with probability {@code power} (R:
     * {@code power.prop.test(n =, p1 =, sig.level =, power =)$p2}, which searches p2 in (p1, 1)): the minimum
     * detectable effect is p2 − p1. Throws {@link IllegalArgumentException} for a group smaller than 2, a rate, level
     * or power outside (0, 1), or when no p2 below 1 reaches that power.
     */
    public static double detectableRate(double nPerGroup, double p1, double alpha, double power) {
        requireGroupSize(nPerGroup);
        requireProbability("p1", p1);
        requireProbability("alpha", alpha);
        requireProbability("power", power);
        double z = StandardNormal.upperQuantile(alpha / 2.0);
        DoubleUnaryOperator shortfall = p2 -> powerOf(nPerGroup, p1, p2, z) - power;
        if (shortfall.applyAsDouble(p1) >= 0.0) {
            throw new IllegalArgumentException("power " + power + " at alpha " + alpha
                    + " is reached without any difference from p1 = " + p1 + "; ask for a power above alpha / 2");
        }
        if (shortfall.applyAsDouble(1.0) < 0.0) {
            throw new IllegalArgumentException("no p2 below 1 reaches power " + power + " at alpha " + alpha + " with "
                    + groupSize(nPerGroup) + " users per group and p1 = " + p1);
        }
        return bisect(shortfall, p1, 1.0);
    }

    private static double powerOf(double n, double p1, double p2, double z) {
        double sum = p1 + p2;
        double nullDeviation = Math.sqrt(sum * (1.0 - sum / 2.0));
        double alternativeDeviation = Math.sqrt(p1 * (1.0 - p1) + p2 * (1.0 - p2));
        return StandardNormal.cumulativeProbability(
                (Math.sqrt(n) * Math.abs(p1 - p2) - z * nullDeviation) / alternativeDeviation);
    }

    /** The root of an increasing {@code f} with f(low) < 0 ≤ f(high), to the last representable double. */
    private static double bisect(DoubleUnaryOperator f, double low, double high) {
        for (int i = 0; i < MAX_BISECTIONS; i++) {
            double middle = low + (high - low) / 2.0;
            if (middle <= low || middle >= high) {
                break;
            }
            if (f.applyAsDouble(middle) < 0.0) {
                low = middle;
            } else {
                high = middle;
            }
        }
        return low + (high - low) / 2.0;
    }

    private static void requireGroupSize(double nPerGroup) {
        if (!(nPerGroup >= MIN_GROUP_SIZE && nPerGroup < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(
                    "nPerGroup must be a finite number of at least 2, was " + groupSize(nPerGroup));
        }
    }

    /** A group size as a sentence shows it: 50 rather than 50.0. */
    private static String groupSize(double nPerGroup) {
        return nPerGroup == Math.rint(nPerGroup) && Math.abs(nPerGroup) < 1e15
                ? Long.toString((long) nPerGroup)
                : Double.toString(nPerGroup);
    }

    private static void requireRates(double p1, double p2) {
        requireProbability("p1", p1);
        requireProbability("p2", p2);
        if (p1 == p2) {
            throw new IllegalArgumentException("p1 and p2 must differ, both were " + p1);
        }
    }

    private static void requireProbability(String name, double value) {
        if (!(value > 0.0 && value < 1.0)) {
            throw new IllegalArgumentException(name + " must be in (0, 1), was " + value);
        }
    }
}
