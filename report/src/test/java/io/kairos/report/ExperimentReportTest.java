package io.kairos.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.kairos.domain.experiment.EnrolmentCutoff;
import io.kairos.domain.stats.AlwaysValidComparison;
import io.kairos.domain.stats.MeanSummary;
import io.kairos.domain.stats.SurvivalObservation;
import io.kairos.domain.stats.TwoProportionComparison;
import io.kairos.domain.stats.Verdict;
import io.kairos.domain.stats.WelchComparison;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExperimentReportTest {

    @Test
    void givenTheDocumentedConversionCounts_whenAssembling_thenRealtimeVersusBatchMatchesR() {
        ExperimentReport report = ExperimentReport.of(ReportFixtures.documentedConversions());

        assertThat(report.comparisons())
                .extracting(c -> c.treatment() + "-" + c.control())
                .containsExactly("realtime-batch", "realtime-control", "batch-control");
        ArmComparison realtimeVsBatch = report.comparisons().get(0);
        // R: prop.test(c(130, 100), c(1000, 1000), correct = FALSE) -> X-squared 4.421518054532,
        // p 0.035488450466, conf.int 0.002067934439 0.057932065561 (docs/statistics.md, section 1)
        TwoProportionComparison conversion = realtimeVsBatch.conversion().orElseThrow();
        assertThat(conversion.zStatistic() * conversion.zStatistic()).isCloseTo(4.421518054532, within(1e-9));
        assertThat(conversion.pValue()).isCloseTo(0.035488450466, within(1e-11));
        assertThat(conversion.differenceInterval().lower()).isCloseTo(0.002067934439, within(1e-11));
        assertThat(conversion.differenceInterval().upper()).isCloseTo(0.057932065561, within(1e-11));
        // R: lift(130, 1000, 100, 1000) -> 0.300000000000 ... 0.016984270971 0.661775947023 (section 2)
        assertThat(realtimeVsBatch.conversionLift().orElseThrow().interval().lower())
                .isCloseTo(0.016984270971, within(1e-11));
        assertThat(realtimeVsBatch.conversionLift().orElseThrow().interval().upper())
                .isCloseTo(0.661775947023, within(1e-11));
        // intention to treat: 130/4500 vs 100/4500
        assertThat(realtimeVsBatch.conversionIntentionToTreat().orElseThrow().difference())
                .isCloseTo(30.0 / 4500, within(1e-15));
        // Holm over the three comparisons. R 4.2.2:
        //   p <- c(prop.test(c(130, 100), c(1000, 1000), correct = FALSE)$p.value,
        //          prop.test(c(130, 20), c(1000, 220), correct = FALSE)$p.value,
        //          prop.test(c(100, 20), c(1000, 220), correct = FALSE)$p.value)
        //   sprintf('%.12f', p)                            -> 0.035488450466 0.109917940205 0.681855980409
        //   sprintf('%.12f', p.adjust(p, method = "holm")) -> 0.106465351399 0.219835880411 0.681855980409
        assertThat(report.comparisons())
                .extracting(c -> c.conversionHolmPValue().getAsDouble())
                .satisfiesExactly(
                        p -> assertThat(p).isCloseTo(0.106465351399, within(1e-11)),
                        p -> assertThat(p).isCloseTo(0.219835880411, within(1e-11)),
                        p -> assertThat(p).isCloseTo(0.681855980409, within(1e-11)));
        assertThat(realtimeVsBatch.verdicts().get(0))
                .isEqualTo(Verdict.onConversionRate("realtime", "batch", conversion, 0.106465351399));
        assertThat(realtimeVsBatch.verdicts().get(0).significant())
                .as("p = 0.035 alone, but not once the three comparisons are adjusted")
                .isFalse();
    }

    @Test
    void givenTheDocumentedConversionCounts_whenAssembling_thenTheAlwaysValidIntervalIsWiderThanWald() {
        ArmComparison realtimeVsBatch = ExperimentReport.of(ReportFixtures.documentedConversions())
                .comparisons()
                .get(0);

        // msprt(130, 1000, 100, 1000, 0.02) of AlwaysValidComparisonTest (R 4.2.2, numerical mixture)
        //   -> p 0.396404502621, interval -0.0165620004669 0.0765620004669
        AlwaysValidComparison valid = realtimeVsBatch.conversionAlwaysValid().orElseThrow();
        assertThat(valid.pValue()).isCloseTo(0.396404502621, within(1e-9));
        assertThat(valid.interval().lower()).isCloseTo(-0.0165620004669, within(1e-10));
        assertThat(valid.interval().upper()).isCloseTo(0.0765620004669, within(1e-10));
    }

    @Test
    void givenArmsAtTheirConfiguredWeights_whenAssembling_thenNoSampleRatioMismatch() {
        ExperimentReport report = ExperimentReport.of(ReportFixtures.documentedConversions());

        assertThat(report.sampleRatio().orElseThrow().chiSquare()).isCloseTo(0.0, within(1e-12));
        assertThat(report.sampleRatio().orElseThrow().mismatch()).isFalse();
    }

    @Test
    void givenArmsFarFromTheirWeights_whenAssembling_thenTheSampleRatioIsFlagged() {
        ExperimentMetrics base = ReportFixtures.documentedConversions();
        ExperimentMetrics skewed = new ExperimentMetrics(
                base.experimentKey(),
                base.observationEnd(),
                base.enrolment(),
                List.of(
                        ReportFixtures.arm("control", 10, 1000, 220, 20, 0),
                        ReportFixtures.arm("batch", 45, 5000, 1000, 100, 0),
                        ReportFixtures.arm("realtime", 45, 4000, 1000, 130, 0)),
                base.timesToConversion(),
                base.conversionsPerDay(),
                base.latencyHistograms(),
                base.campaignVersions());

        // chi-square = 0 + 500²/4500 + 500²/4500 = 111.1 on 2 df: p ≈ 8e-25
        assertThat(ExperimentReport.of(skewed).sampleRatio().orElseThrow().chiSquare())
                .isCloseTo(2 * 500.0 * 500.0 / 4500, within(1e-9));
        assertThat(ExperimentReport.of(skewed).sampleRatio().orElseThrow().mismatch())
                .isTrue();
    }

    @Test
    void givenRevenueOfTheDocumentedWelchExample_whenAssembling_thenRevenuePerVisitorMatchesR() {
        double[] x = {0, 0, 12.5, 0, 30, 0, 0, 7.25, 0, 55, 0, 18};
        double[] y = {0, 9.99, 0, 0, 0, 14.5, 0, 0, 22, 0};
        MeanSummary sx = MeanSummary.of(x);
        MeanSummary sy = MeanSummary.of(y);
        ArmMetrics realtime = withRevenue(ReportFixtures.arm("realtime", 45, x.length, 5, 1, 0), sx);
        ArmMetrics batch = withRevenue(ReportFixtures.arm("batch", 45, y.length, 5, 1, 0), sy);
        ExperimentMetrics metrics = new ExperimentMetrics(
                "k",
                null,
                new EnrolmentCutoff(Duration.ofDays(7), ReportFixtureDatabase.NIGHTLY_DELAY),
                List.of(batch, realtime),
                Map.of(),
                Map.of(),
                Map.of(),
                List.of());

        ArmComparison comparison = ExperimentReport.of(metrics).comparisons().get(0);

        // R: t.test(x, y) -> t 1.007436287386, df 16.206258351261, p 0.3285310483632 (docs/statistics.md, section 3)
        WelchComparison welch = comparison.revenuePerVisitor().orElseThrow();
        assertThat(welch.tStatistic()).isCloseTo(1.007436287386, within(1e-9));
        assertThat(welch.degreesOfFreedom()).isCloseTo(16.206258351261, within(1e-8));
        assertThat(welch.pValue()).isCloseTo(0.3285310483632, within(1e-9));
        assertThat(comparison.verdicts().get(1).sentence())
                .startsWith("no significant difference in revenue per visitor between realtime and batch");
        assertThat(comparison.verdicts().get(2).sentence())
                .isEqualTo("not enough data to compare time to conversion between realtime and batch");
    }

    @Test
    void givenHandComputableSurvivalTimes_whenAssembling_thenMediansAndRestrictedMeansFollowTheCurves() {
        ExperimentReport report = ExperimentReport.of(ReportFixtures.documentedConversions());

        ArmSummary realtime = report.arms().get(2);
        // S(1) = 2/3, S(2) = 1/3: the median is 2 h; area up to 168 h = 1 + 2/3 + 1/3 · 166 = 57 1/3 h
        assertThat(realtime.median().orElseThrow().estimate()).hasValue(2.0);
        assertThat(realtime.restrictedMean().orElseThrow().estimate()).isCloseTo(1 + 2.0 / 3 + 166.0 / 3, within(1e-9));
        assertThat(report.comparisons().get(0).timeToConversion()).isPresent();
        assertThat(report.comparisons().get(0).restrictedMeanTime()).isPresent();
        assertThat(report.timeToConversion().orElseThrow().groups()).hasSize(3);
    }

    @Test
    void givenAnArmWithoutTriggeredUsers_whenAssembling_thenItsComparisonsSayNotEnoughData() {
        ExperimentMetrics metrics = new ExperimentMetrics(
                "k",
                null,
                new EnrolmentCutoff(Duration.ofDays(7), ReportFixtureDatabase.NIGHTLY_DELAY),
                List.of(
                        ReportFixtures.arm("control", 10, 1000, 0, 0, 0),
                        ReportFixtures.arm("realtime", 45, 4500, 0, 0, 0)),
                Map.of("realtime", List.of(SurvivalObservation.censored(5.0))),
                Map.of(),
                Map.of(),
                List.of());

        ExperimentReport report = ExperimentReport.of(metrics);

        assertThat(report.arms().get(0).timeToConversion()).isEmpty();
        ArmComparison comparison = report.comparisons().get(0);
        assertThat(comparison.conversion()).isEmpty();
        assertThat(comparison.conversionLift()).isEmpty();
        assertThat(comparison.verdicts().get(0).sentence())
                .isEqualTo("not enough data to compare conversion between realtime and control");
        assertThat(comparison.verdicts().get(0).significant()).isFalse();
        assertThat(report.timeToConversion()).isEmpty();
    }

    static ArmMetrics withRevenue(ArmMetrics arm, MeanSummary summary) {
        return new ArmMetrics(
                arm.arm(),
                arm.weight(),
                summary.n(),
                arm.activeUsers(),
                arm.triggeredUsers(),
                arm.convertedUsers(),
                arm.delivered(),
                arm.ghost(),
                arm.suppressed(),
                arm.suppressedByGuard(),
                arm.clickedMessages(),
                arm.staleMessages(),
                summary.mean() * summary.n(),
                summary.variance(),
                arm.orders(),
                arm.orderValueVariance(),
                arm.repeatEligibleUsers(),
                arm.repeatUsers(),
                arm.reactionDelayP50Seconds(),
                arm.reactionDelayP95Seconds(),
                arm.latencyP50Millis(),
                arm.latencyP95Millis(),
                arm.latencyP99Millis(),
                arm.impressions());
    }
}
