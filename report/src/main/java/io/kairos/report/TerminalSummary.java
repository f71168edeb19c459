package io.kairos.report;

import io.kairos.domain.stats.ConfidenceInterval;
import io.kairos.domain.stats.MedianSurvivalTime;
import io.kairos.domain.stats.RelativeLift;
import io.kairos.domain.stats.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/** The default output of {@code kairos report}: a per-arm table, the sample-ratio line and each comparison. */
public final class TerminalSummary {

    private static final String NONE = "-";
    private static final int LABEL_WIDTH = 34;
    private static final int COLUMN_WIDTH = 16;

    private TerminalSummary() {}

    /** Renders the report as plain text with {@code \n} line ends. */
    public static String render(ExperimentReport report) {
        StringBuilder out = new StringBuilder();
        out.append("Experiment ")
                .append(report.experimentKey())
                .append(" | observed until ")
                .append(report.observationEnd() == null ? NONE : report.observationEnd())
                .append(" | attribution window ")
                .append(number(ExperimentReport.hours(report.attributionWindow()), 0))
                .append(" h\n")
                .append("Enrolment cut-off ")
                .append(report.enrolmentCutoff() == null ? NONE : report.enrolmentCutoff())
                .append(" (observation end minus the longest delivery delay, ")
                .append(number(ExperimentReport.hours(report.enrolment().longestDeliveryDelay()), 0))
                .append(" h, minus the attribution window): users first triggered later are not counted as")
                .append(" triggered\n")
                .append(report.analysis().sentence())
                .append("\n\n");
        List<ArmSummary> arms = report.arms();
        row(out, "metric", arms, a -> a.metrics().arm());
        row(out, "users assigned", arms, a -> count(a.metrics().assignedUsers()));
        row(out, "users active", arms, a -> count(a.metrics().activeUsers()));
        row(out, "users triggered", arms, a -> count(a.metrics().triggeredUsers()));
        row(out, "users converted", arms, a -> count(a.metrics().convertedUsers()));
        row(out, "own decisions* delivered", arms, a -> count(a.metrics().delivered()));
        row(out, "own decisions* ghost", arms, a -> count(a.metrics().ghost()));
        row(out, "own decisions* suppressed", arms, a -> count(a.metrics().suppressed()));
        TreeSet<String> guards = new TreeSet<>();
        arms.forEach(a -> guards.addAll(a.metrics().suppressedByGuard().keySet()));
        for (String guard : guards) {
            row(
                    out,
                    "  by " + guard,
                    arms,
                    a -> count(a.metrics().suppressedByGuard().getOrDefault(guard, 0L)));
        }
        row(out, "delivery rate", arms, a -> percent(a.metrics().deliveryRate()));
        row(out, "click-through rate", arms, a -> percent(a.metrics().clickThroughRate()));
        row(out, "conversion among triggered", arms, a -> percent(a.metrics().conversionAmongTriggered()));
        row(
                out,
                "conversion among assigned (ITT)",
                arms,
                a -> percent(a.metrics().conversionIntentionToTreat()));
        row(out, "revenue per visitor", arms, a -> decimal(a.metrics().revenuePerVisitor(), 2));
        row(out, "average order value", arms, a -> decimal(a.metrics().averageOrderValue(), 2));
        row(out, "30-day repeat purchase", arms, a -> percent(a.metrics().repeatPurchaseRate()));
        row(
                out,
                "median hours to conversion",
                arms,
                a -> a.median().map(TerminalSummary::median).orElse(NONE));
        row(
                out,
                "restricted mean hours",
                arms,
                a -> a.restrictedMean().map(r -> number(r.estimate(), 1)).orElse(NONE));
        row(
                out,
                "reaction delay p50 / p95 s",
                arms,
                a -> pair(a.metrics().reactionDelayP50Seconds(), a.metrics().reactionDelayP95Seconds()));
        row(
                out,
                "latency p50 / p95 / p99 ms",
                arms,
                a -> decimal(a.metrics().latencyP50Millis(), 0) + " / "
                        + decimal(a.metrics().latencyP95Millis(), 0) + " / "
                        + decimal(a.metrics().latencyP99Millis(), 0));
        row(
                out,
                "event to first display p50/95/99",
                arms,
                a -> span(a.metrics().impressions().p50Seconds()) + "/"
                        + span(a.metrics().impressions().p95Seconds()) + "/"
                        + span(a.metrics().impressions().p99Seconds()));
        row(out, "stale deliveries", arms, a -> percent(a.metrics().stalenessRate()));
        out.append("* the arm's own decisions: those of the mode acting for it (for control, real time's ghosts);\n"
                + "  its ghosts of the other mode count only among its triggered users\n\n");
        campaignVersions(out, report.campaignVersions());
        out.append(report.sampleRatio()
                .map(srm -> String.format(
                        Locale.ROOT,
                        "Sample ratio: chi-square %.2f on %d df, p = %.4f: %s%n",
                        srm.chiSquare(),
                        srm.degreesOfFreedom(),
                        srm.pValue(),
                        srm.mismatch()
                                ? "MISMATCH, assignment is broken; do not trust the comparisons"
                                : "consistent with the weights"))
                .orElse("Sample ratio: not enough arms or users to check\n"));
        for (ArmComparison comparison : report.comparisons()) {
            out.append('\n')
                    .append(comparison.treatment())
                    .append(" vs ")
                    .append(comparison.control())
                    .append('\n');
            comparison
                    .conversion()
                    .ifPresent(c -> out.append("  conversion (triggered)   ")
                            .append(points(c.difference(), c.differenceInterval()))
                            .append(lift(comparison.conversionLift().orElse(null)))
                            .append('\n'));
            comparison
                    .conversionAlwaysValid()
                    .ifPresent(a -> out.append("  always valid (mSPRT)     ")
                            .append(points(a.difference(), a.interval()))
                            .append(String.format(Locale.ROOT, ", p = %.3g", a.pValue()))
                            .append('\n'));
            comparison
                    .conversionIntentionToTreat()
                    .ifPresent(c -> out.append("  conversion (assigned)    ")
                            .append(points(c.difference(), c.differenceInterval()))
                            .append(lift(
                                    comparison.conversionIntentionToTreatLift().orElse(null)))
                            .append('\n'));
            comparison
                    .revenuePerVisitor()
                    .ifPresent(w -> out.append("  revenue per visitor      ")
                            .append(String.format(
                                    Locale.ROOT,
                                    "%+.2f (95%% CI %.2f to %.2f)",
                                    w.difference(),
                                    w.differenceInterval().lower(),
                                    w.differenceInterval().upper()))
                            .append(lift(comparison.revenuePerVisitorLift().orElse(null)))
                            .append('\n'));
            comparison
                    .restrictedMeanTime()
                    .ifPresent(r -> out.append("  restricted mean hours    ")
                            .append(String.format(
                                    Locale.ROOT,
                                    "%+.1f (95%% CI %.1f to %.1f)",
                                    r.difference(),
                                    r.differenceInterval().lower(),
                                    r.differenceInterval().upper()))
                            .append('\n'));
            for (Verdict verdict : comparison.verdicts()) {
                out.append("  > ").append(verdict.sentence()).append('\n');
            }
        }
        report.timeToConversion()
                .ifPresent(test -> out.append("\nAll arms: ")
                        .append(Verdict.onTimeToConversion(test).sentence())
                        .append('\n'));
        return out.toString();
    }

    private static void row(StringBuilder out, String label, List<ArmSummary> arms, Function<ArmSummary, String> cell) {
        List<String> cells = new ArrayList<>();
        arms.forEach(arm -> cells.add(cell.apply(arm)));
        out.append(String.format(Locale.ROOT, "%-" + LABEL_WIDTH + "s", label));
        for (String value : cells) {
            out.append(String.format(Locale.ROOT, "%" + COLUMN_WIDTH + "s", value));
        }
        out.append('\n');
    }

    private static String count(long value) {
        return Long.toString(value);
    }

    private static String percent(OptionalDouble value) {
        return value.isPresent() ? String.format(Locale.ROOT, "%.2f%%", value.getAsDouble() * 100) : NONE;
    }

    private static String decimal(OptionalDouble value, int decimals) {
        return value.isPresent() ? number(value.getAsDouble(), decimals) : NONE;
    }

    /**
     * A duration in seconds in at most four characters with its unit, for a column of three: {@code 0.3s}, {@code
     * 45s}, {@code 12m}, {@code 2.5h}, {@code 23h}.
     */
    static String span(OptionalDouble seconds) {
        if (seconds.isEmpty()) {
            return NONE;
        }
        double s = seconds.getAsDouble();
        if (s < 9.95) {
            return number(s, 1) + "s";
        }
        if (s < 59.5) {
            return number(s, 0) + "s";
        }
        if (s < 3570) {
            return number(s / 60, 0) + "m";
        }
        return s < 35_820 ? number(s / 3600, 1) + "h" : number(s / 3600, 0) + "h";
    }

    private static String pair(OptionalDouble first, OptionalDouble second) {
        return decimal(first, 0) + " / " + decimal(second, 0);
    }

    private static String number(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static String median(MedianSurvivalTime median) {
        return median.estimate().isPresent() ? number(median.estimate().getAsDouble(), 1) : "not reached";
    }

    private static String points(double difference, ConfidenceInterval interval) {
        return String.format(
                Locale.ROOT,
                "%+.2f pp (95%% CI %.2f to %.2f)",
                difference * 100,
                interval.lower() * 100,
                interval.upper() * 100);
    }

    private static String lift(RelativeLift lift) {
        if (lift == null) {
            return "";
        }
        return String.format(
                Locale.ROOT,
                ", relative %+.1f%% (%.1f%% to %.1f%%)",
                lift.estimate() * 100,
                lift.interval().lower() * 100,
                lift.interval().upper() * 100);
    }

    /**
     * Which campaign versions governed the arms' own decisions, one line per version; nothing when every decision was
     * made under version 0 (no version was ever published).
     */
    private static void campaignVersions(StringBuilder out, List<CampaignVersionDecisions> versions) {
        if (versions.stream().allMatch(v -> v.version() == 0)) {
            return;
        }
        out.append("Campaign versions (the arms' own decisions under each; docs/campaigns.md, \"Versions\"):\n");
        Map<Integer, List<CampaignVersionDecisions>> byVersion = new TreeMap<>();
        versions.forEach(v ->
                byVersion.computeIfAbsent(v.version(), n -> new ArrayList<>()).add(v));
        byVersion.forEach((version, arms) -> {
            out.append("  version ").append(version).append(": ");
            for (int i = 0; i < arms.size(); i++) {
                CampaignVersionDecisions arm = arms.get(i);
                out.append(i == 0 ? "" : ", ")
                        .append(arm.arm())
                        .append(' ')
                        .append(arm.decisions())
                        .append(" (")
                        .append(arm.delivered())
                        .append(" delivered, ")
                        .append(arm.clicked())
                        .append(" clicked)");
            }
            Instant first = arms.stream()
                    .map(CampaignVersionDecisions::firstDecidedAt)
                    .min(Instant::compareTo)
                    .orElseThrow();
            Instant last = arms.stream()
                    .map(CampaignVersionDecisions::lastDecidedAt)
                    .max(Instant::compareTo)
                    .orElseThrow();
            out.append("; decided from ")
                    .append(first)
                    .append(" to ")
                    .append(last)
                    .append('\n');
        });
        out.append('\n');
    }
}
