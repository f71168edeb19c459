package io.kairos.report;

import io.kairos.domain.experiment.EnrolmentCutoff;
import io.kairos.domain.experiment.SampleRatioCheck;
import io.kairos.domain.stats.AlwaysValidComparison;
import io.kairos.domain.stats.HolmAdjustment;
import io.kairos.domain.stats.KaplanMeierEstimate;
import io.kairos.domain.stats.LogRankTest;
import io.kairos.domain.stats.MeanSummary;
import io.kairos.domain.stats.ProportionSample;
import io.kairos.domain.stats.RelativeLift;
import io.kairos.domain.stats.RestrictedMeanComparison;
import io.kairos.domain.stats.RestrictedMeanSurvivalTime;
import io.kairos.domain.stats.SurvivalObservation;
import io.kairos.domain.stats.TwoProportionComparison;
import io.kairos.domain.stats.Verdict;
import io.kairos.domain.stats.WelchComparison;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.BiFunction;

/**
 * The whole report of one experiment: per-arm summaries, the sample-ratio check and the comparisons realtime vs
 * batch, realtime vs control and batch vs control (those whose arms exist).
 *
 * @param experimentKey the experiment
 * @param observationEnd the latest event time in the archive; null when the archive is empty
 * @param enrolment the attribution window and the longest delivery delay of any arm, which set the enrolment cut-off
 * @param arms the arms in the order control, batch, realtime
 * @param sampleRatio chi-square of assigned users against the configured weights; empty with fewer than two arms
 *     or no weight
 * @param comparisons the pairwise comparisons
 * @param timeToConversion the log-rank test of all arms together; empty where undefined
 * @param analysis how the report relates to the experiment's pre-registered plan
 * @param campaignVersions the own-mode decisions per campaign version and arm, by version then arm: which rules
 *     governed how much of the experiment
 */
public record ExperimentReport(
        String experimentKey,
        Instant observationEnd,
        EnrolmentCutoff enrolment,
        List<ArmSummary> arms,
        Optional<SampleRatioCheck.Result> sampleRatio,
        List<ArmComparison> comparisons,
        Optional<LogRankTest> timeToConversion,
        Analysis analysis,
        List<CampaignVersionDecisions> campaignVersions) {

    /**
     * τ of the always-valid comparison of conversion: the spread (in rate) of the differences the test is tuned to;
     * 2 percentage points, the order of the differences timing can make in a message's conversion (docs/statistics.md,
     * section 8).
     */
    static final double ALWAYS_VALID_MIXING_SD = 0.02;

    /** The pairs compared, treatment first. */
    static final List<List<String>> PAIRS =
            List.of(List.of("realtime", "batch"), List.of("realtime", "control"), List.of("batch", "control"));

    public ExperimentReport {
        arms = List.copyOf(arms);
        comparisons = List.copyOf(comparisons);
        java.util.Objects.requireNonNull(analysis, "analysis");
        campaignVersions = List.copyOf(campaignVersions);
    }

    /** This report labelled by its relation to the experiment's plan. */
    public ExperimentReport withAnalysis(Analysis analysis) {
        return new ExperimentReport(
                experimentKey,
                observationEnd,
                enrolment,
                arms,
                sampleRatio,
                comparisons,
                timeToConversion,
                analysis,
                campaignVersions);
    }

    /** How long after a trigger a purchase counts as its conversion. */
    public Duration attributionWindow() {
        return enrolment.attributionWindow();
    }

    /**
     * The latest first trigger analysed: users triggered later are not counted as triggered, since some arm's message
     * or attribution window would not fit before the end of observation; null when the archive is empty.
     */
    public Instant enrolmentCutoff() {
        return observationEnd == null ? null : enrolment.cutoffFor(observationEnd);
    }

    /** Builds the report from the database's metrics, with every statistic from {@code io.kairos.domain.stats}. */
    public static ExperimentReport of(ExperimentMetrics metrics) {
        double horizon = hours(metrics.attributionWindow());
        Map<String, ArmSummary> summaries = new LinkedHashMap<>();
        for (ArmMetrics arm : metrics.arms()) {
            List<SurvivalObservation> times = metrics.timesToConversion().getOrDefault(arm.arm(), List.of());
            Optional<KaplanMeierEstimate> curve =
                    times.isEmpty() ? Optional.empty() : Optional.of(KaplanMeierEstimate.fit(times));
            summaries.put(
                    arm.arm(),
                    new ArmSummary(
                            arm,
                            curve,
                            curve.map(KaplanMeierEstimate::median),
                            curve.map(c -> c.restrictedMean(horizon)),
                            metrics.conversionsPerDay().getOrDefault(arm.arm(), List.of()),
                            metrics.latencyHistograms().getOrDefault(arm.arm(), List.of())));
        }
        List<ArmSummary[]> pairs = new ArrayList<>();
        for (List<String> pair : PAIRS) {
            ArmSummary treatment = summaries.get(pair.get(0));
            ArmSummary control = summaries.get(pair.get(1));
            if (treatment != null && control != null) {
                pairs.add(new ArmSummary[] {treatment, control});
            }
        }
        List<Optional<TwoProportionComparison>> conversions = pairs.stream()
                .map(pair -> conversionAmongTriggered(pair[0].metrics(), pair[1].metrics()))
                .toList();
        double[] holm = HolmAdjustment.adjust(conversions.stream()
                .flatMap(Optional::stream)
                .mapToDouble(TwoProportionComparison::pValue)
                .toArray());
        List<ArmComparison> comparisons = new ArrayList<>();
        int adjusted = 0;
        for (int i = 0; i < pairs.size(); i++) {
            OptionalDouble holmPValue =
                    conversions.get(i).isPresent() ? OptionalDouble.of(holm[adjusted++]) : OptionalDouble.empty();
            comparisons.add(compare(
                    pairs.get(i)[0], pairs.get(i)[1], metrics.timesToConversion(), conversions.get(i), holmPValue));
        }
        Map<String, List<SurvivalObservation>> triggered = new LinkedHashMap<>();
        summaries.keySet().forEach(arm -> {
            List<SurvivalObservation> times = metrics.timesToConversion().getOrDefault(arm, List.of());
            if (!times.isEmpty()) {
                triggered.put(arm, times);
            }
        });
        Optional<LogRankTest> allArms = triggered.size() < 2 ? Optional.empty() : LogRankTest.compare(triggered);
        return new ExperimentReport(
                metrics.experimentKey(),
                metrics.observationEnd(),
                metrics.enrolment(),
                List.copyOf(summaries.values()),
                sampleRatio(metrics.arms()),
                comparisons,
                allArms,
                Analysis.NO_PLAN,
                metrics.campaignVersions());
    }

    /** The z-test of conversion among triggered users, treatment against control; empty where undefined. */
    private static Optional<TwoProportionComparison> conversionAmongTriggered(
            ArmMetrics treatment, ArmMetrics control) {
        return both(
                sample(control.convertedUsers(), control.triggeredUsers()),
                sample(treatment.convertedUsers(), treatment.triggeredUsers()),
                TwoProportionComparison::of);
    }

    private static ArmComparison compare(
            ArmSummary treatmentSummary,
            ArmSummary controlSummary,
            Map<String, List<SurvivalObservation>> timesToConversion,
            Optional<TwoProportionComparison> conversion,
            OptionalDouble holmPValue) {
        ArmMetrics treatment = treatmentSummary.metrics();
        ArmMetrics control = controlSummary.metrics();
        Optional<ProportionSample> triggeredT = sample(treatment.convertedUsers(), treatment.triggeredUsers());
        Optional<ProportionSample> triggeredC = sample(control.convertedUsers(), control.triggeredUsers());
        Optional<ProportionSample> assignedT = sample(treatment.convertedUsers(), treatment.assignedUsers());
        Optional<ProportionSample> assignedC = sample(control.convertedUsers(), control.assignedUsers());
        Optional<TwoProportionComparison> itt = both(assignedC, assignedT, TwoProportionComparison::of);
        Optional<MeanSummary> revenueT = revenuePerVisitor(treatment);
        Optional<MeanSummary> revenueC = revenuePerVisitor(control);
        Optional<WelchComparison> revenue = both(revenueC, revenueT, WelchComparison::of);
        Optional<LogRankTest> logRank = Optional.empty();
        List<SurvivalObservation> timesT = timesToConversion.getOrDefault(treatment.arm(), List.of());
        List<SurvivalObservation> timesC = timesToConversion.getOrDefault(control.arm(), List.of());
        if (!timesT.isEmpty() && !timesC.isEmpty()) {
            Map<String, List<SurvivalObservation>> two = new LinkedHashMap<>();
            two.put(treatment.arm(), timesT);
            two.put(control.arm(), timesC);
            logRank = LogRankTest.compare(two);
        }
        Optional<RestrictedMeanComparison> restricted = both(
                controlSummary.restrictedMean(),
                treatmentSummary.restrictedMean(),
                (RestrictedMeanSurvivalTime c, RestrictedMeanSurvivalTime t) -> RestrictedMeanComparison.of(c, t));
        String t = treatment.arm();
        String c = control.arm();
        List<Verdict> verdicts = List.of(
                conversion
                        .map(comparison -> Verdict.onConversionRate(t, c, comparison, holmPValue.getAsDouble()))
                        .orElseGet(() -> notEnoughData("conversion", t, c)),
                revenue.map(comparison -> Verdict.onMean(t, c, comparison, "revenue per visitor", ""))
                        .orElseGet(() -> notEnoughData("revenue per visitor", t, c)),
                logRank.map(Verdict::onTimeToConversion).orElseGet(() -> notEnoughData("time to conversion", t, c)));
        return new ArmComparison(
                t,
                c,
                conversion,
                holmPValue,
                both(
                        triggeredC,
                        triggeredT,
                        (controlSample, treatmentSample) ->
                                AlwaysValidComparison.of(controlSample, treatmentSample, ALWAYS_VALID_MIXING_SD)),
                both(triggeredC, triggeredT, RelativeLift::ofProportions),
                itt,
                both(assignedC, assignedT, RelativeLift::ofProportions),
                revenue,
                both(revenueC, revenueT, RelativeLift::ofMeans),
                logRank,
                restricted,
                verdicts);
    }

    private static Optional<SampleRatioCheck.Result> sampleRatio(List<ArmMetrics> arms) {
        long[] counts = arms.stream().mapToLong(ArmMetrics::assignedUsers).toArray();
        double[] shares = arms.stream().mapToDouble(ArmMetrics::weight).toArray();
        long total = Arrays.stream(counts).sum();
        double weight = Arrays.stream(shares).sum();
        if (arms.size() < 2 || total == 0 || !(weight > 0)) {
            return Optional.empty();
        }
        return Optional.of(SampleRatioCheck.check(counts, shares));
    }

    private static Verdict notEnoughData(String measure, String treatment, String control) {
        return new Verdict(
                false, "not enough data to compare " + measure + " between " + treatment + " and " + control);
    }

    private static Optional<ProportionSample> sample(long conversions, long users) {
        return users == 0 ? Optional.empty() : Optional.of(new ProportionSample(conversions, users));
    }

    private static Optional<MeanSummary> revenuePerVisitor(ArmMetrics arm) {
        return arm.assignedUsers() == 0
                ? Optional.empty()
                : Optional.of(new MeanSummary(
                        arm.assignedUsers(), arm.revenue() / arm.assignedUsers(), arm.revenueVariance()));
    }

    private static <A, R> Optional<R> both(
            Optional<A> control, Optional<A> treatment, BiFunction<A, A, Optional<R>> statistic) {
        return control.isPresent() && treatment.isPresent()
                ? statistic.apply(control.get(), treatment.get())
                : Optional.empty();
    }

    static double hours(Duration duration) {
        return duration.toMillis() / 3_600_000.0;
    }
}
