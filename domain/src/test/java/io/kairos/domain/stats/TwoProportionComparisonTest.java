package io.kairos.domain.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Test;

class TwoProportionComparisonTest {

    private static final double RELATIVE = 1e-6;

    @Test
    void givenTypicalArms_whenCompared_thenMatchesRPropTestWithoutContinuityCorrection() {
        // R 4.2.2: r <- prop.test(c(130, 100), c(1000, 1000), correct = FALSE)
        //   sprintf('%.12f', r$statistic) -> X-squared 4.421518054532, p-value 3.548845046647e-02,
        //   conf.int 0.002067934439 0.057932065561
        TwoProportionComparison comparison = TwoProportionComparison.of(
                        new ProportionSample(100, 1000), new ProportionSample(130, 1000))
                .orElseThrow();

        assertThat(comparison.difference()).isCloseTo(0.03, within(1e-15));
        assertThat(comparison.zStatistic() * comparison.zStatistic())
                .isCloseTo(4.421518054532, withinPercentage(RELATIVE * 100));
        assertThat(comparison.zStatistic()).isPositive();
        assertThat(comparison.pValue()).isCloseTo(3.548845046647e-02, withinPercentage(RELATIVE * 100));
        assertThat(comparison.differenceInterval().lower()).isCloseTo(0.002067934439, within(1e-11));
        assertThat(comparison.differenceInterval().upper()).isCloseTo(0.057932065561, within(1e-11));
    }

    @Test
    void givenNearlyEqualArms_whenCompared_thenPValueIsLargeAndIntervalSpansZero() {
        // R 4.2.2: prop.test(c(48, 45), c(1013, 987), correct = FALSE)
        //   -> X-squared 0.036179363970, p-value 8.491455642712e-01, conf.int -0.016662217056 0.020244822517
        TwoProportionComparison comparison = TwoProportionComparison.of(
                        new ProportionSample(45, 987), new ProportionSample(48, 1013))
                .orElseThrow();

        assertThat(comparison.zStatistic() * comparison.zStatistic())
                .isCloseTo(0.036179363970, withinPercentage(RELATIVE * 100));
        assertThat(comparison.pValue()).isCloseTo(8.491455642712e-01, withinPercentage(RELATIVE * 100));
        assertThat(comparison.differenceInterval().lower()).isCloseTo(-0.016662217056, within(1e-11));
        assertThat(comparison.differenceInterval().upper()).isCloseTo(0.020244822517, within(1e-11));
        assertThat(comparison.differenceInterval().excludesZero()).isFalse();
    }

    @Test
    void givenZeroConversionsInTreatment_whenCompared_thenUsesControlVarianceOnlyAsR() {
        // R 4.2.2: prop.test(c(0, 7), c(150, 140), correct = FALSE)
        //   -> X-squared 7.685512367491, p-value 5.566587358203e-03, conf.int -0.086101968089 -0.013898031911
        TwoProportionComparison comparison = TwoProportionComparison.of(
                        new ProportionSample(7, 140), new ProportionSample(0, 150))
                .orElseThrow();

        assertThat(comparison.difference()).isCloseTo(-0.05, within(1e-15));
        assertThat(comparison.zStatistic()).isNegative();
        assertThat(comparison.zStatistic() * comparison.zStatistic())
                .isCloseTo(7.685512367491, withinPercentage(RELATIVE * 100));
        assertThat(comparison.pValue()).isCloseTo(5.566587358203e-03, withinPercentage(RELATIVE * 100));
        assertThat(comparison.differenceInterval().lower()).isCloseTo(-0.086101968089, within(1e-11));
        assertThat(comparison.differenceInterval().upper()).isCloseTo(-0.013898031911, within(1e-11));
    }

    @Test
    void givenZeroConversionsInControl_whenCompared_thenMatchesR() {
        // R 4.2.2: prop.test(c(5, 0), c(40, 50), correct = FALSE)
        //   -> X-squared 6.617647058824, p-value 1.009731464751e-02, conf.int 0.022511030043 0.227488969957
        TwoProportionComparison comparison = TwoProportionComparison.of(
                        new ProportionSample(0, 50), new ProportionSample(5, 40))
                .orElseThrow();

        assertThat(comparison.pValue()).isCloseTo(1.009731464751e-02, withinPercentage(RELATIVE * 100));
        assertThat(comparison.differenceInterval().lower()).isCloseTo(0.022511030043, within(1e-11));
        assertThat(comparison.differenceInterval().upper()).isCloseTo(0.227488969957, within(1e-11));
    }

    @Test
    void givenTinyArms_whenIntervalWouldLeaveMinusOneToOne_thenClippedAsR() {
        // R 4.2.2: prop.test(c(2, 0), c(3, 3), correct = FALSE) -> X-squared 3, p-value 0.083264516664,
        //   conf.int 0.133232035961 1.000000000000
        //   prop.test(c(0, 3), c(4, 3), correct = FALSE) -> X-squared 7, p-value 0.008150971594, conf.int -1 -1
        TwoProportionComparison wide = TwoProportionComparison.of(
                        new ProportionSample(0, 3), new ProportionSample(2, 3))
                .orElseThrow();
        TwoProportionComparison degenerate = TwoProportionComparison.of(
                        new ProportionSample(3, 3), new ProportionSample(0, 4))
                .orElseThrow();

        assertThat(wide.pValue()).isCloseTo(0.083264516664, within(1e-11));
        assertThat(wide.differenceInterval().lower()).isCloseTo(0.133232035961, within(1e-11));
        assertThat(wide.differenceInterval().upper()).isEqualTo(1.0);
        assertThat(degenerate.pValue()).isCloseTo(0.008150971594, within(1e-11));
        assertThat(degenerate.differenceInterval()).isEqualTo(new ConfidenceInterval(-1.0, -1.0));
    }

    @Test
    void givenNoConversionInEitherArm_whenCompared_thenNoTestIsReported() {
        // R 4.2.2: prop.test(c(0, 0), c(10, 12), correct = FALSE) -> X-squared = NaN, p-value = NA
        assertThat(TwoProportionComparison.of(new ProportionSample(0, 12), new ProportionSample(0, 10)))
                .isEmpty();
    }

    @Test
    void givenEveryUserConvertedInBothArms_whenCompared_thenNoTestIsReported() {
        assertThat(TwoProportionComparison.of(new ProportionSample(12, 12), new ProportionSample(1, 1)))
                .isEmpty();
    }

    @Test
    void givenMoreConversionsThanUsers_whenSampleBuilt_thenRejected() {
        assertThatThrownBy(() -> new ProportionSample(11, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProportionSample(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProportionSample(-1, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
