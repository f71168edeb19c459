package io.kairos.domain.stats;

import java.util.Optional;

/**
 * Difference of restricted mean times to conversion between a treatment and a control arm at the same horizon,
 * with a normal-approximation z-test and 95% interval (the arms are independent, so the variances add).
 *
 * @param difference treatment RMST minus control RMST (negative: the treatment converts users sooner)
 * @param standardError sqrt(se_t² + se_c²)
 * @param zStatistic difference / standardError
 * @param pValue two-sided p-value of the z statistic
 * @param differenceInterval difference ± 1.96 × standardError
 */
public record RestrictedMeanComparison(
        RestrictedMeanSurvivalTime control,
        RestrictedMeanSurvivalTime treatment,
        double difference,
        double standardError,
        double zStatistic,
        double pValue,
        ConfidenceInterval differenceInterval) {

    /**
     * Compares two arms' restricted means, which must share their horizon; empty when both standard errors are zero
     * (e.g. nobody converted before the horizon in either arm), where the test is undefined.
     */
    public static Optional<RestrictedMeanComparison> of(
            RestrictedMeanSurvivalTime control, RestrictedMeanSurvivalTime treatment) {
        if (control.horizon() != treatment.horizon()) {
            throw new IllegalArgumentException("restricted means must share their horizon, got " + control.horizon()
                    + " and " + treatment.horizon());
        }
        double standardError = Math.hypot(control.standardError(), treatment.standardError());
        if (!(standardError > 0.0)) {
            return Optional.empty();
        }
        double difference = treatment.estimate() - control.estimate();
        double z = difference / standardError;
        double margin = StandardNormal.Z_95 * standardError;
        return Optional.of(new RestrictedMeanComparison(
                control,
                treatment,
                difference,
                standardError,
                z,
                StandardNormal.twoSidedPValue(z),
                new ConfidenceInterval(difference - margin, difference + margin)));
    }
}
