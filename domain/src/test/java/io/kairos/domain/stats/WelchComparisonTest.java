package io.kairos.domain.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Test;

class WelchComparisonTest {

    private static final double[] TREATMENT_REVENUE = {0, 0, 12.5, 0, 30, 0, 0, 7.25, 0, 55, 0, 18};
    private static final double[] CONTROL_REVENUE = {0, 9.99, 0, 0, 0, 14.5, 0, 0, 22, 0};
    private static final double RELATIVE_PERCENT = 1e-4;

    @Test
    void givenRevenuePerVisitor_whenComparedFromRawValues_thenMatchesRWelchTTest() {
        // R 4.2.2: x <- c(0, 0, 12.5, 0, 30, 0, 0, 7.25, 0, 55, 0, 18); y <- c(0, 9.99, 0, 0, 0, 14.5, 0, 0, 22, 0)
        //   r <- t.test(x, y) -> t 1.007436287386, df 16.206258351261, p-value 3.285310483632e-01,
        //   conf.int -6.149806622793 17.310139956126, mean(x) - mean(y) 5.580166666667
        WelchComparison comparison =
                WelchComparison.of(CONTROL_REVENUE, TREATMENT_REVENUE).orElseThrow();

        assertThat(comparison.difference()).isCloseTo(5.580166666667, within(1e-11));
        assertThat(comparison.tStatistic()).isCloseTo(1.007436287386, withinPercentage(RELATIVE_PERCENT));
        assertThat(comparison.degreesOfFreedom()).isCloseTo(16.206258351261, withinPercentage(RELATIVE_PERCENT));
        assertThat(comparison.pValue()).isCloseTo(3.285310483632e-01, withinPercentage(RELATIVE_PERCENT));
        assertThat(comparison.differenceInterval().lower()).isCloseTo(-6.149806622793, within(1e-9));
        assertThat(comparison.differenceInterval().upper()).isCloseTo(17.310139956126, within(1e-9));
    }

    @Test
    void givenSummaryStatisticsFromSql_whenCompared_thenEqualsRawComputation() {
        // R 4.2.2: sprintf('%.12f', c(mean(x), var(x), mean(y), var(y)))
        //   -> 10.229166666667 291.107481060606 4.649000000000 64.213121111111
        WelchComparison fromSummaries = WelchComparison.of(
                        new MeanSummary(10, 4.649, 64.213121111111),
                        new MeanSummary(12, 10.229166666667, 291.107481060606))
                .orElseThrow();

        assertThat(fromSummaries.tStatistic()).isCloseTo(1.007436287386, withinPercentage(RELATIVE_PERCENT));
        assertThat(fromSummaries.degreesOfFreedom()).isCloseTo(16.206258351261, withinPercentage(RELATIVE_PERCENT));
        assertThat(fromSummaries.pValue()).isCloseTo(3.285310483632e-01, withinPercentage(RELATIVE_PERCENT));
    }

    @Test
    void givenClearlyDifferentMeans_whenCompared_thenTinyPValueMatchesR() {
        // R 4.2.2: t.test(c(1:10), c(7:20)) -> t -5.434929763894, df 21.982212340189, p-value 1.855281832512e-05,
        //   conf.int -11.052801725158 -4.947198274842
        double[] treatment = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        double[] control = {7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20};

        WelchComparison comparison = WelchComparison.of(control, treatment).orElseThrow();

        assertThat(comparison.tStatistic()).isCloseTo(-5.434929763894, withinPercentage(RELATIVE_PERCENT));
        assertThat(comparison.degreesOfFreedom()).isCloseTo(21.982212340189, withinPercentage(RELATIVE_PERCENT));
        assertThat(comparison.pValue()).isCloseTo(1.855281832512e-05, withinPercentage(RELATIVE_PERCENT));
        assertThat(comparison.differenceInterval().lower()).isCloseTo(-11.052801725158, within(1e-9));
        assertThat(comparison.differenceInterval().upper()).isCloseTo(-4.947198274842, within(1e-9));
    }

    @Test
    void givenRSleepData_whenCompared_thenMatchesRWelchTTest() {
        // R 4.2.2: t.test(sleep$extra[sleep$group == 2], sleep$extra[sleep$group == 1])
        //   -> t 1.860813467487, df 17.776473516178, p-value 7.939414018736e-02, conf.int -0.205483230712
        // 3.365483230712
        double[] group1 = {0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0};
        double[] group2 = {1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4};

        WelchComparison comparison = WelchComparison.of(group1, group2).orElseThrow();

        assertThat(comparison.difference()).isCloseTo(1.58, within(1e-12));
        assertThat(comparison.tStatistic()).isCloseTo(1.860813467487, withinPercentage(RELATIVE_PERCENT));
        assertThat(comparison.degreesOfFreedom()).isCloseTo(17.776473516178, withinPercentage(RELATIVE_PERCENT));
        assertThat(comparison.pValue()).isCloseTo(7.939414018736e-02, withinPercentage(RELATIVE_PERCENT));
        assertThat(comparison.differenceInterval().lower()).isCloseTo(-0.205483230712, within(1e-9));
        assertThat(comparison.differenceInterval().upper()).isCloseTo(3.365483230712, within(1e-9));
    }

    @Test
    void givenOneConstantArm_whenCompared_thenDegreesOfFreedomComeFromTheOtherArm() {
        // R 4.2.2: t.test(c(5.1, 5.1), c(1, 2, 3)) -> t 5.369357503464, df 2, p-value 3.297977169082e-02,
        //   conf.int 0.615862288250 5.584137711750
        WelchComparison comparison = WelchComparison.of(new double[] {1, 2, 3}, new double[] {5.1, 5.1})
                .orElseThrow();

        assertThat(comparison.degreesOfFreedom()).isCloseTo(2.0, within(1e-12));
        assertThat(comparison.pValue()).isCloseTo(3.297977169082e-02, withinPercentage(RELATIVE_PERCENT));
        assertThat(comparison.differenceInterval().lower()).isCloseTo(0.615862288250, within(1e-9));
        assertThat(comparison.differenceInterval().upper()).isCloseTo(5.584137711750, within(1e-9));
    }

    @Test
    void givenBothArmsConstant_whenCompared_thenNoTestIsReported() {
        // R 4.2.2: t.test(c(0, 0, 0), c(0, 0)) -> Error: data are essentially constant
        assertThat(WelchComparison.of(new double[] {0, 0}, new double[] {0, 0, 0}))
                .isEmpty();
    }

    @Test
    void givenSingleUserInAnArm_whenCompared_thenNoTestIsReported() {
        // R 4.2.2: t.test(c(3), c(1, 2, 3)) -> Error: not enough 'x' observations
        assertThat(WelchComparison.of(new double[] {1, 2, 3}, new double[] {3})).isEmpty();
        assertThat(MeanSummary.of(3.0)).isEqualTo(new MeanSummary(1, 3.0, 0.0));
    }

    @Test
    void givenInvalidSummary_whenBuilt_thenRejected() {
        assertThatThrownBy(() -> new MeanSummary(0, 1.0, 0.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MeanSummary(5, 1.0, -0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MeanSummary(5, Double.NaN, 1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(MeanSummary::of).isInstanceOf(IllegalArgumentException.class);
    }
}
