package io.kairos.report;

import io.kairos.domain.experiment.EnrolmentCutoff;
import io.kairos.domain.stats.SurvivalObservation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything the database yields for one experiment's report, before any comparison.
 *
 * @param experimentKey the experiment
 * @param observationEnd the latest event time in the archive: where observation stops
 * @param enrolment the attribution window and the longest delivery delay, which set the enrolment cut-off: only users
 *     first triggered at or before it are counted as triggered (docs/statistics.md, "Who is in which arm")
 * @param arms per-arm metrics in the order control, batch, realtime (arms the experiment lacks are left out)
 * @param timesToConversion per arm, each triggered user's hours from first trigger to conversion or censoring
 * @param conversionsPerDay per arm, conversions per UTC day in day order (days without one left out)
 * @param latencyHistograms per arm, the processing-latency histogram of the own mode's decisions that have an ingest
 *     time (arms without any left out)
 * @param campaignVersions the own-mode decisions per campaign version and arm, by version then arm
 */
public record ExperimentMetrics(
        String experimentKey,
        Instant observationEnd,
        EnrolmentCutoff enrolment,
        List<ArmMetrics> arms,
        Map<String, List<SurvivalObservation>> timesToConversion,
        Map<String, List<DailyConversions>> conversionsPerDay,
        Map<String, List<LatencyBucket>> latencyHistograms,
        List<CampaignVersionDecisions> campaignVersions) {

    public ExperimentMetrics {
        campaignVersions = List.copyOf(campaignVersions);
        arms = List.copyOf(arms);
        timesToConversion = Map.copyOf(timesToConversion);
        conversionsPerDay = Map.copyOf(conversionsPerDay);
        latencyHistograms = Map.copyOf(latencyHistograms);
    }

    /** How long after a trigger a purchase counts as its conversion. */
    public Duration attributionWindow() {
        return enrolment.attributionWindow();
    }
}
