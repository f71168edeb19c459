package io.kairos.report.outcomes;

import io.kairos.domain.stats.KaplanMeierEstimate;
import io.kairos.domain.stats.MeanSummary;
import io.kairos.domain.stats.MedianSurvivalTime;
import io.kairos.domain.stats.ProportionSample;
import io.kairos.domain.stats.RestrictedMeanSurvivalTime;

/**
 * The per-arm figures of {@code kairos stats}.
 *
 * @param outcomes the arm's users as read from the file
 * @param conversion conversions among the arm's users
 * @param revenue per-user revenue: n, mean and sample variance
 * @param medianTimeToConversion Kaplan–Meier median hours to conversion with its interval, each empty where the
 *     curve never reaches one half
 * @param restrictedMeanTimeToConversion the area under the Kaplan–Meier curve up to the horizon, in hours
 */
public record ArmStatistics(
        ArmOutcomes outcomes,
        ProportionSample conversion,
        MeanSummary revenue,
        MedianSurvivalTime medianTimeToConversion,
        RestrictedMeanSurvivalTime restrictedMeanTimeToConversion) {

    /** Computes the figures of one arm, with the restricted mean up to {@code horizonHours}. */
    public static ArmStatistics of(ArmOutcomes outcomes, double horizonHours) {
        KaplanMeierEstimate curve = KaplanMeierEstimate.fit(outcomes.timesToConversion());
        return new ArmStatistics(
                outcomes,
                new ProportionSample(outcomes.conversions(), outcomes.users()),
                MeanSummary.of(outcomes.revenue()),
                curve.median(),
                curve.restrictedMean(horizonHours));
    }

    /** The arm's name. */
    public String arm() {
        return outcomes.arm();
    }
}
