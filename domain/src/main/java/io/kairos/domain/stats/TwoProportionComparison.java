package io.kairos.domain.stats;

import java.util.Optional;

/**
 * Two-proportion z-test of a treatment arm against a control arm, with a Wald 95% interval for the difference.
 *
 * <p>The test uses the pooled standard error (as R {@code prop.test(correct = FALSE)}, whose X-squared is
 * {@code zStatistic}²); the interval uses the unpooled one, so near the 5% boundary the two can disagree.
 *
 * @param difference treatment rate minus control rate
 * @param zStatistic difference divided by the pooled standard error
 * @param pValue two-sided p-value of the z-test
 * @param differenceInterval Wald interval: difference ± 1.96 × unpooled standard error, clipped to [-1, 1] as R does
 */
public record TwoProportionComparison(
        ProportionSample control,
        ProportionSample treatment,
        double difference,
        double zStatistic,
        double pValue,
        ConfidenceInterval differenceInterval) {

    /**
     * Compares the arms; empty when no arm has a conversion or every user converted in both, where the pooled
     * standard error is zero and the test is undefined (R reports {@code NaN}).
     */
    public static Optional<TwoProportionComparison> of(ProportionSample control, ProportionSample treatment) {
        double pooled =
                (double) (control.conversions() + treatment.conversions()) / (control.users() + treatment.users());
        double pooledVariance = pooled * (1.0 - pooled) * (1.0 / control.users() + 1.0 / treatment.users());
        if (!(pooledVariance > 0.0)) {
            return Optional.empty();
        }
        double difference = treatment.rate() - control.rate();
        double z = difference / Math.sqrt(pooledVariance);
        double margin = StandardNormal.Z_95 * Math.sqrt(control.varianceOfRate() + treatment.varianceOfRate());
        return Optional.of(new TwoProportionComparison(
                control,
                treatment,
                difference,
                z,
                StandardNormal.twoSidedPValue(z),
                new ConfidenceInterval(Math.max(-1.0, difference - margin), Math.min(1.0, difference + margin))));
    }
}
