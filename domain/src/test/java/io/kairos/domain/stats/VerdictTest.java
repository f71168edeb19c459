package io.kairos.domain.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerdictTest {

    @Test
    void givenSignificantlyHigherConversion_whenRead_thenStatesTheDifferenceWithItsInterval() {
        // R 4.2.2: prop.test(c(130, 100), c(1000, 1000), correct = FALSE) -> p 0.0355, CI 0.0021 to 0.0579
        TwoProportionComparison comparison = TwoProportionComparison.of(
                        new ProportionSample(100, 1000), new ProportionSample(130, 1000))
                .orElseThrow();

        Verdict verdict = Verdict.onConversionRate("realtime", "batch", comparison);

        assertThat(verdict.significant()).isTrue();
        assertThat(verdict.sentence())
                .isEqualTo("realtime converts 3.0 pp more than batch (95% CI 0.2 to 5.8 pp, p = 0.035)");
    }

    @Test
    void givenSignificantlyLowerConversion_whenRead_thenSaysLessAndGivesTheIntervalAsMagnitudes() {
        // R 4.2.2: prop.test(c(0, 7), c(150, 140), correct = FALSE) -> p 0.00557, CI -0.0861 to -0.0139
        TwoProportionComparison comparison = TwoProportionComparison.of(
                        new ProportionSample(7, 140), new ProportionSample(0, 150))
                .orElseThrow();

        Verdict verdict = Verdict.onConversionRate("realtime", "batch", comparison);

        assertThat(verdict.significant()).isTrue();
        assertThat(verdict.sentence())
                .isEqualTo("realtime converts 5.0 pp less than batch (95% CI 1.4 to 8.6 pp, p = 0.0056)");
    }

    @Test
    void givenIntervalSpanningZero_whenRead_thenNoSignificantDifferenceWithSignedInterval() {
        // R 4.2.2: prop.test(c(48, 45), c(1013, 987), correct = FALSE) -> p 0.849, CI -0.0167 to 0.0202
        TwoProportionComparison comparison = TwoProportionComparison.of(
                        new ProportionSample(45, 987), new ProportionSample(48, 1013))
                .orElseThrow();

        Verdict verdict = Verdict.onConversionRate("realtime", "batch", comparison);

        assertThat(verdict.significant()).isFalse();
        assertThat(verdict.sentence())
                .isEqualTo("no significant difference in conversion between realtime and batch"
                        + " (95% CI \u22121.7 to +2.0 pp, p = 0.85)");
    }

    @Test
    void givenWaldIntervalExcludingZeroButPooledTestNotSignificant_whenRead_thenDoesNotClaimADifference() {
        // R 4.2.2: prop.test(c(7, 2), c(20, 20), correct = FALSE)
        //   -> p-value 5.833046463785e-02, conf.int 0.003052315705 0.496947684295
        TwoProportionComparison comparison = TwoProportionComparison.of(
                        new ProportionSample(2, 20), new ProportionSample(7, 20))
                .orElseThrow();

        Verdict verdict = Verdict.onConversionRate("realtime", "control", comparison);

        assertThat(comparison.differenceInterval().excludesZero()).isTrue();
        assertThat(verdict.significant()).isFalse();
        assertThat(verdict.sentence())
                .isEqualTo("no significant difference in conversion between realtime and control"
                        + " (95% CI +0.3 to +49.7 pp, p = 0.058)");
    }

    @Test
    void givenSignificantlyLowerRevenue_whenRead_thenStatesMeasureUnitAndDirection() {
        // R 4.2.2: t.test(1:10, 7:20) -> difference -8, conf.int -11.052801725158 -4.947198274842, p 1.86e-05
        WelchComparison comparison = WelchComparison.of(
                        new double[] {7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20},
                        new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
                .orElseThrow();

        Verdict verdict = Verdict.onMean("realtime", "batch", comparison, "revenue per visitor", "EUR");

        assertThat(verdict.significant()).isTrue();
        assertThat(verdict.sentence())
                .isEqualTo("revenue per visitor is 8.0 EUR lower for realtime than for batch"
                        + " (95% CI 4.9 to 11.1 EUR, p < 0.001)");
    }

    @Test
    void givenRevenueDifferenceNotSignificant_whenRead_thenNoSignificantDifference() {
        // R 4.2.2: t.test(sleep$extra[sleep$group == 2], sleep$extra[sleep$group == 1])
        //   -> conf.int -0.205483230712 3.365483230712, p-value 7.939414018736e-02
        WelchComparison comparison = WelchComparison.of(
                        new double[] {0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0},
                        new double[] {1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4})
                .orElseThrow();

        Verdict verdict = Verdict.onMean("realtime", "batch", comparison, "revenue per visitor", "");

        assertThat(verdict.significant()).isFalse();
        assertThat(verdict.sentence())
                .isEqualTo("no significant difference in revenue per visitor between realtime and batch"
                        + " (95% CI \u22120.2 to +3.4, p = 0.079)");
    }

    @Test
    void givenLogRankTests_whenRead_thenSignificanceFollowsThePValue() {
        // R 4.2.2: survdiff(Surv(time, status) ~ x, data = aml) -> Chisq 3.4 on 1 df, p 0.0653
        //          survdiff(Surv(time, status) ~ ph.ecog, data = lung) -> Chisq 22.0 on 3 df, p 6.6e-05
        Verdict aml = Verdict.onTimeToConversion(
                LogRankTest.compare(SurvivalDataSets.amlByArm()).orElseThrow());
        Verdict ecog = Verdict.onTimeToConversion(
                LogRankTest.compare(SurvivalDataSets.lungBy(SurvivalDataSets.LUNG_PH_ECOG, 0, 1, 2, 3))
                        .orElseThrow());

        assertThat(aml)
                .isEqualTo(new Verdict(
                        false,
                        "no significant difference in time to conversion between Maintained and Nonmaintained"
                                + " (log-rank \u03c7\u00b2 = 3.4 on 1 df, p = 0.065)"));
        assertThat(ecog)
                .isEqualTo(
                        new Verdict(
                                true,
                                "time to conversion differs between 0, 1, 2 and 3 (log-rank \u03c7\u00b2 = 22.0 on 3 df, p < 0.001)"));
    }

    @Test
    void givenPValuesAroundTheThresholds_whenFormatted_thenNeverRoundedIntoAWeakerOrStrongerClaim() {
        assertThat(List.of(0.0004, 0.003, 0.0496, 0.05, 0.41, 1.0).stream()
                        .map(Verdict::pValue)
                        .toList())
                .containsExactly("p < 0.001", "p = 0.003", "p < 0.05", "p = 0.05", "p = 0.41", "p = 1");
    }

    @Test
    void givenPValueExactlyAtFivePercent_whenRead_thenNotCalledSignificant() {
        TwoProportionComparison borderline = new TwoProportionComparison(
                new ProportionSample(100, 1000),
                new ProportionSample(130, 1000),
                0.03,
                1.959963984540,
                0.05,
                new ConfidenceInterval(0.001, 0.059));

        assertThat(Verdict.onConversionRate("realtime", "batch", borderline).significant())
                .isFalse();
    }

    @Test
    void givenTwoArmsForALogRankTest_whenRead_thenNamesJoinedWithAnd() {
        Map<String, List<SurvivalObservation>> arms = new LinkedHashMap<>();
        arms.put("batch", List.of(SurvivalObservation.converted(1), SurvivalObservation.censored(3)));
        arms.put("realtime", List.of(SurvivalObservation.converted(2), SurvivalObservation.converted(4)));

        Verdict verdict = Verdict.onTimeToConversion(LogRankTest.compare(arms).orElseThrow());

        assertThat(verdict.sentence())
                .startsWith("no significant difference in time to conversion between batch and realtime");
    }
}
