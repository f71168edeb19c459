package io.kairos.report.outcomes;

import static io.kairos.report.JsonNumbers.number;

import io.kairos.domain.stats.ConfidenceInterval;
import io.kairos.domain.stats.MedianSurvivalTime;
import java.util.Optional;
import java.util.OptionalDouble;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The analysis of an outcome file as JSON ({@code kairos stats}); docs/statistics.md ("The stats command") lists the fields. */
public final class OutcomeJson {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private OutcomeJson() {}

    /** Renders the analysis as pretty-printed JSON; undefined statistics are {@code null}. */
    public static String render(OutcomeAnalysis analysis) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("control", analysis.control());
        root.put("horizon_hours", analysis.horizonHours());
        ArrayNode arms = root.putArray("arms");
        analysis.arms().forEach(arm -> arms.add(arm(arm)));
        ArrayNode comparisons = root.putArray("comparisons");
        analysis.comparisons().forEach(comparison -> comparisons.add(comparison(comparison)));
        number(
                root,
                "srm_p_value",
                analysis.sampleRatio()
                        .map(check -> OptionalDouble.of(check.pValue()))
                        .orElse(OptionalDouble.empty()));
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }

    private static ObjectNode arm(ArmStatistics arm) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("arm", arm.arm());
        node.put("n", arm.conversion().users());
        node.put("conversions", arm.conversion().conversions());
        node.put("conversion_rate", arm.conversion().rate());
        node.put("revenue_mean", arm.revenue().mean());
        MedianSurvivalTime median = arm.medianTimeToConversion();
        number(node, "km_median_hours", median.estimate());
        ArrayNode interval = node.putArray("km_median_ci");
        number(interval, median.lower());
        number(interval, median.upper());
        node.put("rmst_hours", arm.restrictedMeanTimeToConversion().estimate());
        return node;
    }

    private static ObjectNode comparison(ControlComparison comparison) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("arm", comparison.arm());
        node.put("control", comparison.control());
        node.put("abs_diff", comparison.conversionDifference());
        interval(node, "abs_diff_ci", comparison.conversion().map(test -> test.differenceInterval()));
        number(node, "rel_lift", optional(comparison.conversionLift().map(lift -> lift.estimate())));
        interval(node, "rel_lift_ci", comparison.conversionLift().map(lift -> lift.interval()));
        number(node, "p_value_z", optional(comparison.conversion().map(test -> test.pValue())));
        node.put("revenue_diff", comparison.revenueDifference());
        number(node, "p_value_welch", optional(comparison.revenue().map(test -> test.pValue())));
        number(node, "logrank_chi2", optional(comparison.timeToConversion().map(test -> test.chiSquare())));
        number(node, "logrank_p", optional(comparison.timeToConversion().map(test -> test.pValue())));
        return node;
    }

    private static void interval(ObjectNode node, String name, Optional<ConfidenceInterval> interval) {
        interval.ifPresentOrElse(i -> node.putArray(name).add(i.lower()).add(i.upper()), () -> node.putNull(name));
    }

    private static OptionalDouble optional(Optional<Double> value) {
        return value.map(OptionalDouble::of).orElse(OptionalDouble.empty());
    }
}
