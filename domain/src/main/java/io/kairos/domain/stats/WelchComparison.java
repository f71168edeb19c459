package io.kairos.domain.stats;

import java.util.Optional;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * Welch's unequal-variance t-test of a treatment mean against a control mean, as R {@code t.test(treatment,
 * control)}.
 *
 * @param difference treatment mean minus control mean
 * @param standardError sqrt(s_t²/n_t + s_c²/n_c)
 * @param degreesOfFreedom Welch–Satterthwaite degrees of freedom
 * @param tStatistic difference / standardError
 * @param pValue two-sided p-value from Student's t with {@code degreesOfFreedom}
 * @param differenceInterval difference ± t(0.975, df) × standardError
 */
public record WelchComparison(
        MeanSummary control,
        MeanSummary treatment,
        double difference,
        double standardError,
        double degreesOfFreedom,
        double tStatistic,
        double pValue,
        ConfidenceInterval differenceInterval) {

    /**
     * Compares two arms from their summaries; empty when an arm has fewer than two users or both arms have zero
     * variance, where the test is undefined (R stops with an error).
     */
    public static Optional<WelchComparison> of(MeanSummary control, MeanSummary treatment) {
        if (control.n() < 2 || treatment.n() < 2) {
            return Optional.empty();
        }
        double controlPart = control.varianceOfMean();
        double treatmentPart = treatment.varianceOfMean();
        double variance = controlPart + treatmentPart;
        if (!(variance > 0.0)) {
            return Optional.empty();
        }
        double standardError = Math.sqrt(variance);
        double df = variance
                * variance
                / (controlPart * controlPart / (control.n() - 1) + treatmentPart * treatmentPart / (treatment.n() - 1));
        double difference = treatment.mean() - control.mean();
        double t = difference / standardError;
        TDistribution student = TDistribution.of(df);
        double pValue = 2.0 * student.survivalProbability(Math.abs(t));
        double margin = student.inverseSurvivalProbability(ConfidenceInterval.ALPHA / 2.0) * standardError;
        return Optional.of(new WelchComparison(
                control,
                treatment,
                difference,
                standardError,
                df,
                t,
                pValue,
                new ConfidenceInterval(difference - margin, difference + margin)));
    }

    /** Compares two arms from raw per-user values. */
    public static Optional<WelchComparison> of(double[] control, double[] treatment) {
        return of(MeanSummary.of(control), MeanSummary.of(treatment));
    }
}
