package io.kairos.domain.stats;

/**
 * Restricted mean time to conversion up to a horizon: the area under the Kaplan–Meier curve from 0 to
 * {@code horizon}, as R {@code print(fit, rmean = horizon)} reports it.
 *
 * @param horizon the truncation time tau
 * @param estimate expected time without conversion within [0, tau]
 * @param standardError the survival package's standard error of {@code estimate}
 */
public record RestrictedMeanSurvivalTime(double horizon, double estimate, double standardError) {

    /** Normal-approximation 95% interval, estimate ± 1.96 × standard error. */
    public ConfidenceInterval interval() {
        double margin = StandardNormal.Z_95 * standardError;
        return new ConfidenceInterval(estimate - margin, estimate + margin);
    }
}
