package io.kairos.domain.stats;

import java.util.Optional;

/**
 * Relative lift of a treatment over a control, treatment / control - 1, with a delta-method 95% interval built on
 * the log of the ratio and transformed back, so it is asymmetric and never falls below -100%.
 *
 * <p>Var(log R) ≈ se_t²/m_t² + se_c²/m_c² (arms independent); for proportions this is (1-p_t)/(n_t p_t) +
 * (1-p_c)/(n_c p_c).
 *
 * @param estimate the observed relative lift, m_t / m_c - 1
 * @param standardErrorOfLogRatio delta-method standard error of log(m_t / m_c)
 * @param interval exp(log R ± 1.96 × standardErrorOfLogRatio) - 1
 */
public record RelativeLift(double estimate, double standardErrorOfLogRatio, ConfidenceInterval interval) {

    /** Lift of conversion rates; empty when either arm has no conversion (the log ratio is undefined). */
    public static Optional<RelativeLift> ofProportions(ProportionSample control, ProportionSample treatment) {
        return of(
                control.rate(),
                Math.sqrt(control.varianceOfRate()),
                treatment.rate(),
                Math.sqrt(treatment.varianceOfRate()));
    }

    /** Lift of means; empty unless both means are strictly positive (the log ratio needs positive means). */
    public static Optional<RelativeLift> ofMeans(MeanSummary control, MeanSummary treatment) {
        return of(
                control.mean(),
                Math.sqrt(control.varianceOfMean()),
                treatment.mean(),
                Math.sqrt(treatment.varianceOfMean()));
    }

    private static Optional<RelativeLift> of(
            double controlEstimate, double controlError, double treatmentEstimate, double treatmentError) {
        if (!(controlEstimate > 0.0) || !(treatmentEstimate > 0.0)) {
            return Optional.empty();
        }
        double logRatio = Math.log(treatmentEstimate / controlEstimate);
        double controlRelative = controlError / controlEstimate;
        double treatmentRelative = treatmentError / treatmentEstimate;
        double standardError = Math.sqrt(controlRelative * controlRelative + treatmentRelative * treatmentRelative);
        double margin = StandardNormal.Z_95 * standardError;
        return Optional.of(new RelativeLift(
                treatmentEstimate / controlEstimate - 1.0,
                standardError,
                new ConfidenceInterval(Math.exp(logRatio - margin) - 1.0, Math.exp(logRatio + margin) - 1.0)));
    }
}
