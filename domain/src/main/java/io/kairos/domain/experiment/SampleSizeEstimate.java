package io.kairos.domain.experiment;

import io.kairos.domain.stats.TwoProportionPower;
import java.util.OptionalDouble;

/**
 * How many triggered users per arm an analysis plan needs, and how long that takes at the observed traffic: the
 * sample size of the two-sided two-proportion test (R's {@code power.prop.test}) that detects the plan's minimum
 * relative lift over {@code baselineRate} with the plan's alpha and power.
 *
 * @param baselineRate the conversion rate of the arm compared against (batch, or control)
 * @param targetRate the baseline raised by the minimum detectable effect
 * @param usersPerArm triggered users each compared arm needs, rounded up
 * @param days at {@code triggeredPerArmPerDay}, the days until each arm has them; empty without traffic
 */
public record SampleSizeEstimate(double baselineRate, double targetRate, long usersPerArm, OptionalDouble days) {

    /**
     * The estimate for {@code plan} over {@code baselineRate}, with {@code triggeredPerArmPerDay} triggered users per
     * arm and day observed so far (0 or less: no traffic yet).
     *
     * @throws IllegalArgumentException when the baseline is not a rate in (0, 1), or the lift would take it to 1 or
     *     beyond, or the test would need more than ten million users per arm (the message says which)
     */
    public static SampleSizeEstimate of(AnalysisPlan plan, double baselineRate, double triggeredPerArmPerDay) {
        if (!(baselineRate > 0 && baselineRate < 1)) {
            throw new IllegalArgumentException("the baseline conversion rate must be in (0, 1), was " + baselineRate);
        }
        double target = baselineRate * (1 + plan.minimumDetectableEffect());
        if (target >= 1) {
            throw new IllegalArgumentException("a lift of " + plan.minimumDetectableEffect() * 100 + " % over a"
                    + " baseline of " + baselineRate + " would be a rate of 1 or more; choose a smaller effect");
        }
        long users = (long)
                Math.ceil(TwoProportionPower.sampleSizePerGroup(baselineRate, target, plan.alpha(), plan.power()));
        return new SampleSizeEstimate(
                baselineRate,
                target,
                users,
                triggeredPerArmPerDay > 0 ? OptionalDouble.of(users / triggeredPerArmPerDay) : OptionalDouble.empty());
    }
}
