package io.kairos.report;

import io.kairos.domain.stats.KaplanMeierEstimate;
import io.kairos.domain.stats.MedianSurvivalTime;
import io.kairos.domain.stats.RestrictedMeanSurvivalTime;
import java.util.List;
import java.util.Optional;

/**
 * One arm of the report: its metrics and its time-to-conversion curve from the first trigger, in hours.
 *
 * @param metrics the arm's aggregated metrics
 * @param timeToConversion the Kaplan–Meier curve of triggered users; empty when nobody was triggered
 * @param median median hours to conversion with its 95% interval; empty with the curve
 * @param restrictedMean restricted mean hours to conversion up to the attribution window; empty with the curve
 * @param conversionsPerDay conversions per UTC day, in day order
 * @param latencyHistogram the processing-latency histogram; empty when no decision of the arm has an ingest time
 */
public record ArmSummary(
        ArmMetrics metrics,
        Optional<KaplanMeierEstimate> timeToConversion,
        Optional<MedianSurvivalTime> median,
        Optional<RestrictedMeanSurvivalTime> restrictedMean,
        List<DailyConversions> conversionsPerDay,
        List<LatencyBucket> latencyHistogram) {

    public ArmSummary {
        conversionsPerDay = List.copyOf(conversionsPerDay);
        latencyHistogram = List.copyOf(latencyHistogram);
    }
}
