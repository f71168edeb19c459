package io.kairos.report;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Per arm, what {@link MetricsQuery} reads from the arm's own decisions: counts (delivered, ghost, suppressed,
 * clicked, stale, displayed), percentiles (reaction delay p50 and p95, latency p50, p95 and p99, first display p50,
 * p95 and p99; {@code NaN} where undefined),
 * suppressions by guard, the latency histogram, and the counts per campaign version (by version, then arm).
 */
record DecisionTotals(
        Map<String, long[]> counts,
        Map<String, double[]> percentiles,
        Map<String, Map<String, Long>> suppressions,
        Map<String, List<LatencyBucket>> latencyHistograms,
        List<CampaignVersionDecisions> campaignVersions) {

    private static final long[] NO_COUNTS = new long[6];

    /** The arm's count at {@code index} (delivered, ghost, suppressed, clicked, stale, displayed), 0 without decisions. */
    long count(String arm, int index) {
        return counts.getOrDefault(arm, NO_COUNTS)[index];
    }

    /** The arm's percentile at {@code index} (delay p50, p95; latency p50, p95, p99; display p50, p95, p99), empty where undefined. */
    OptionalDouble percentile(String arm, int index) {
        double[] values = percentiles.get(arm);
        return values == null || Double.isNaN(values[index])
                ? OptionalDouble.empty()
                : OptionalDouble.of(values[index]);
    }

    /** The arm's first impressions. */
    Impressions impressions(String arm) {
        return new Impressions(count(arm, 5), percentile(arm, 5), percentile(arm, 6), percentile(arm, 7));
    }

    /** Suppressed decisions of the arm by guard. */
    Map<String, Long> suppressedByGuard(String arm) {
        return suppressions.getOrDefault(arm, Map.of());
    }
}
