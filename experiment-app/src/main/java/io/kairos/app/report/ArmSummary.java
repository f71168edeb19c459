package io.kairos.app.report;

import io.kairos.domain.stats.KaplanMeierEstimate;
import io.kairos.domain.stats.MedianSurvivalTime;
import io.kairos.domain.stats.RestrictedMeanSurvivalTime;
import java.util.Optional;

/**
 * One arm of the report: its metrics and its time-to-conversion curve from the first trigger, in hours.
 *
 * @param metrics the arm's aggregated metrics
 * @param timeToConversion the Kaplan–Meier curve of triggered users; empty when nobody was triggered
 * @param median median hours to conversion with its 95% interval; empty with the curve
 * @param restrictedMean restricted mean hours to conversion up to the attribution window; empty with the curve
 */
public record ArmSummary(
        ArmMetrics metrics,
        Optional<KaplanMeierEstimate> timeToConversion,
        Optional<MedianSurvivalTime> median,
        Optional<RestrictedMeanSurvivalTime> restrictedMean) {}
