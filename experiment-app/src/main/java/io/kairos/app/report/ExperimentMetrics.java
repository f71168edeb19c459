package io.kairos.app.report;

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
 * @param attributionWindow how long after a trigger a purchase counts as its conversion
 * @param arms per-arm metrics in the order control, batch, realtime (arms the experiment lacks are left out)
 * @param timesToConversion per arm, each triggered user's hours from first trigger to conversion or censoring
 */
public record ExperimentMetrics(
        String experimentKey,
        Instant observationEnd,
        Duration attributionWindow,
        List<ArmMetrics> arms,
        Map<String, List<SurvivalObservation>> timesToConversion) {

    public ExperimentMetrics {
        arms = List.copyOf(arms);
        timesToConversion = Map.copyOf(timesToConversion);
    }
}
