package io.kairos.report;

import static io.kairos.report.JsonNumbers.number;

import io.kairos.domain.experiment.AnalysisPlan;
import io.kairos.domain.stats.ConfidenceInterval;
import io.kairos.domain.stats.RelativeLift;
import io.kairos.domain.stats.SurvivalStep;
import io.kairos.domain.stats.TwoProportionComparison;
import io.kairos.domain.stats.Verdict;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The report as JSON ({@code kairos report --json}); docs/statistics.md ("Report metrics") lists the fields. */
public final class ReportJson {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private ReportJson() {}

    /**
     * Writes an analysis plan's fields into {@code target}: {@code primary_metric}, {@code secondary_metrics},
     * {@code attribution_window_hours}, {@code horizon_hours}, {@code alpha}, {@code minimum_detectable_effect},
     * {@code power}; the report and the experiments API show a plan the same way.
     */
    public static ObjectNode plan(ObjectNode target, AnalysisPlan plan) {
        target.put("primary_metric", plan.primaryMetric());
        ArrayNode secondary = target.putArray("secondary_metrics");
        plan.secondaryMetrics().forEach(secondary::add);
        target.put("attribution_window_hours", ExperimentReport.hours(plan.attributionWindow()));
        target.put("horizon_hours", ExperimentReport.hours(plan.horizon()));
        target.put("alpha", plan.alpha());
        target.put("minimum_detectable_effect", plan.minimumDetectableEffect());
        target.put("power", plan.power());
        return target;
    }

    /** Renders the report as pretty-printed JSON; undefined statistics are {@code null}. */
    public static String render(ExperimentReport report) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("experiment", report.experimentKey());
        root.put(
                "observation_end",
                report.observationEnd() == null ? null : report.observationEnd().toString());
        root.put("attribution_window_hours", ExperimentReport.hours(report.attributionWindow()));
        root.put(
                "longest_delivery_delay_hours",
                ExperimentReport.hours(report.enrolment().longestDeliveryDelay()));
        root.put(
                "enrolment_cutoff",
                report.enrolmentCutoff() == null
                        ? null
                        : report.enrolmentCutoff().toString());
        ObjectNode analysis = root.putObject("analysis");
        analysis.put("kind", report.analysis().kind());
        analysis.put("exploratory", report.analysis().exploratory());
        ArrayNode deviations = analysis.putArray("deviations");
        report.analysis().deviations().forEach(deviations::add);
        report.analysis()
                .plan()
                .ifPresentOrElse(plan -> plan(analysis.putObject("plan"), plan), () -> analysis.putNull("plan"));
        analysis.put("sentence", report.analysis().sentence());
        ArrayNode arms = root.putArray("arms");
        for (ArmSummary summary : report.arms()) {
            arms.add(arm(summary));
        }
        ObjectNode srm = root.putObject("sample_ratio");
        report.sampleRatio()
                .ifPresentOrElse(
                        result -> {
                            srm.put("chi_square", result.chiSquare());
                            srm.put("df", result.degreesOfFreedom());
                            srm.put("p_value", result.pValue());
                            srm.put("mismatch", result.mismatch());
                        },
                        () -> root.putNull("sample_ratio"));
        ArrayNode comparisons = root.putArray("comparisons");
        for (ArmComparison comparison : report.comparisons()) {
            comparisons.add(comparison(comparison));
        }
        ObjectNode all = root.putObject("time_to_conversion_all_arms");
        report.timeToConversion()
                .ifPresentOrElse(
                        test -> {
                            all.put("logrank_chi2", test.chiSquare());
                            all.put("df", test.degreesOfFreedom());
                            all.put("logrank_p", test.pValue());
                            all.put("verdict", Verdict.onTimeToConversion(test).sentence());
                        },
                        () -> root.putNull("time_to_conversion_all_arms"));
        ArrayNode versions = root.putArray("campaign_versions");
        for (CampaignVersionDecisions version : report.campaignVersions()) {
            versions.addObject()
                    .put("version", version.version())
                    .put("arm", version.arm())
                    .put("delivered", version.delivered())
                    .put("ghost", version.ghost())
                    .put("suppressed", version.suppressed())
                    .put("clicked", version.clicked())
                    .put("first_decided_at", version.firstDecidedAt().toString())
                    .put("last_decided_at", version.lastDecidedAt().toString());
        }
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }

    private static ObjectNode arm(ArmSummary summary) {
        ArmMetrics m = summary.metrics();
        ObjectNode node = MAPPER.createObjectNode();
        node.put("arm", m.arm());
        node.put("weight", m.weight());
        node.put("users_assigned", m.assignedUsers());
        node.put("users_active", m.activeUsers());
        node.put("users_triggered", m.triggeredUsers());
        node.put("users_converted", m.convertedUsers());
        ObjectNode decisions = node.putObject("decisions");
        decisions.put("delivered", m.delivered());
        decisions.put("ghost", m.ghost());
        decisions.put("suppressed", m.suppressed());
        ObjectNode guards = decisions.putObject("suppressed_by_guard");
        new TreeMap<>(m.suppressedByGuard()).forEach(guards::put);
        number(node, "delivery_rate", m.deliveryRate());
        node.put("messages_clicked", m.clickedMessages());
        number(node, "click_through_rate", m.clickThroughRate());
        node.put("messages_displayed", m.impressions().displayedMessages());
        number(node, "display_rate", m.displayRate());
        number(node, "conversion_rate_triggered", m.conversionAmongTriggered());
        number(node, "conversion_rate_assigned", m.conversionIntentionToTreat());
        node.put("revenue", m.revenue());
        number(node, "revenue_per_visitor", m.revenuePerVisitor());
        node.put("orders", m.orders());
        number(node, "average_order_value", m.averageOrderValue());
        node.put("repeat_eligible_users", m.repeatEligibleUsers());
        number(node, "repeat_purchase_rate_30d", m.repeatPurchaseRate());
        node.put("stale_deliveries", m.staleMessages());
        number(node, "stale_delivery_rate", m.stalenessRate());
        ObjectNode delay = node.putObject("reaction_delay_seconds");
        number(delay, "p50", m.reactionDelayP50Seconds());
        number(delay, "p95", m.reactionDelayP95Seconds());
        ObjectNode latency = node.putObject("processing_latency_millis");
        number(latency, "p50", m.latencyP50Millis());
        number(latency, "p95", m.latencyP95Millis());
        number(latency, "p99", m.latencyP99Millis());
        ObjectNode impression = node.putObject("first_impression_seconds");
        number(impression, "p50", m.impressions().p50Seconds());
        number(impression, "p95", m.impressions().p95Seconds());
        number(impression, "p99", m.impressions().p99Seconds());
        ArrayNode histogram = node.putArray("processing_latency_histogram");
        for (LatencyBucket bucket : summary.latencyHistogram()) {
            ObjectNode bar = histogram.addObject();
            bar.put("from_millis", bucket.fromMillis());
            number(bar, "to_millis", bucket.toMillis());
            bar.put("decisions", bucket.decisions());
        }
        ArrayNode daily = node.putArray("conversions_per_day");
        for (DailyConversions day : summary.conversionsPerDay()) {
            ObjectNode point = daily.addObject();
            point.put("day", day.day().toString());
            point.put("conversions", day.conversions());
        }
        ObjectNode time = node.putObject("time_to_conversion_hours");
        number(time, "median", summary.median().map(x -> x.estimate()).orElse(OptionalDouble.empty()));
        ArrayNode medianInterval = time.putArray("median_ci");
        number(medianInterval, summary.median().map(x -> x.lower()).orElse(OptionalDouble.empty()));
        number(medianInterval, summary.median().map(x -> x.upper()).orElse(OptionalDouble.empty()));
        number(
                time,
                "rmst",
                summary.restrictedMean()
                        .map(r -> OptionalDouble.of(r.estimate()))
                        .orElse(empty()));
        number(
                time,
                "rmst_se",
                summary.restrictedMean()
                        .map(r -> OptionalDouble.of(r.standardError()))
                        .orElse(empty()));
        ArrayNode curve = time.putArray("curve");
        summary.timeToConversion().ifPresent(km -> {
            for (SurvivalStep step : km.steps()) {
                ObjectNode point = curve.addObject();
                point.put("time", step.time());
                point.put("at_risk", step.atRisk());
                point.put("events", step.events());
                point.put("survival", step.survival());
            }
        });
        return node;
    }

    private static ObjectNode comparison(ArmComparison comparison) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("treatment", comparison.treatment());
        node.put("control", comparison.control());
        proportions(node, "conversion_triggered", comparison.conversion(), comparison.conversionLift());
        if (node.get("conversion_triggered") instanceof ObjectNode triggered) {
            triggered.put("p_value_holm", comparison.conversionHolmPValue().getAsDouble());
            comparison
                    .conversionAlwaysValid()
                    .ifPresentOrElse(
                            valid -> {
                                ObjectNode sequential = triggered.putObject("always_valid");
                                sequential.put("p_value", valid.pValue());
                                interval(sequential, "abs_diff_ci", valid.interval());
                                sequential.put("mixing_sd", valid.mixingStandardDeviation());
                            },
                            () -> triggered.putNull("always_valid"));
        }
        proportions(
                node,
                "conversion_assigned",
                comparison.conversionIntentionToTreat(),
                comparison.conversionIntentionToTreatLift());
        comparison
                .revenuePerVisitor()
                .ifPresentOrElse(
                        welch -> {
                            ObjectNode revenue = node.putObject("revenue_per_visitor");
                            revenue.put("diff", welch.difference());
                            interval(revenue, "diff_ci", welch.differenceInterval());
                            revenue.put("t", welch.tStatistic());
                            revenue.put("df", welch.degreesOfFreedom());
                            revenue.put("p_value", welch.pValue());
                            lift(revenue, comparison.revenuePerVisitorLift());
                        },
                        () -> node.putNull("revenue_per_visitor"));
        ObjectNode time = node.putObject("time_to_conversion");
        comparison
                .timeToConversion()
                .ifPresentOrElse(
                        test -> {
                            time.put("logrank_chi2", test.chiSquare());
                            time.put("logrank_p", test.pValue());
                        },
                        () -> {
                            time.putNull("logrank_chi2");
                            time.putNull("logrank_p");
                        });
        comparison
                .restrictedMeanTime()
                .ifPresentOrElse(
                        rmst -> {
                            time.put("rmst_diff", rmst.difference());
                            interval(time, "rmst_diff_ci", rmst.differenceInterval());
                            time.put("rmst_p", rmst.pValue());
                        },
                        () -> {
                            time.putNull("rmst_diff");
                            time.putNull("rmst_diff_ci");
                            time.putNull("rmst_p");
                        });
        ArrayNode verdicts = node.putArray("verdicts");
        comparison.verdicts().forEach(verdict -> verdicts.add(verdict.sentence()));
        return node;
    }

    private static void proportions(
            ObjectNode parent, String name, Optional<TwoProportionComparison> test, Optional<RelativeLift> lift) {
        if (test.isEmpty()) {
            parent.putNull(name);
            return;
        }
        ObjectNode node = parent.putObject(name);
        node.put("abs_diff", test.get().difference());
        interval(node, "abs_diff_ci", test.get().differenceInterval());
        node.put("z", test.get().zStatistic());
        node.put("p_value", test.get().pValue());
        lift(node, lift);
    }

    private static void lift(ObjectNode node, Optional<RelativeLift> lift) {
        lift.ifPresentOrElse(
                l -> {
                    node.put("rel_lift", l.estimate());
                    interval(node, "rel_lift_ci", l.interval());
                },
                () -> {
                    node.putNull("rel_lift");
                    node.putNull("rel_lift_ci");
                });
    }

    private static void interval(ObjectNode node, String name, ConfidenceInterval interval) {
        node.putArray(name).add(interval.lower()).add(interval.upper());
    }

    private static OptionalDouble empty() {
        return OptionalDouble.empty();
    }
}
