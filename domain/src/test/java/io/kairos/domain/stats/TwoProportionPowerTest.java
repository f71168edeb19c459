package io.kairos.domain.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Reference values from R 4.2.2 Patched (2022-11-10 r83330), {@code power.prop.test} with its defaults
 * ({@code strict = FALSE}, two-sided), printed with {@code sprintf('%.10f', ...)}. R solves n and p2 with
 * {@code uniroot(tol = .Machine$double.eps^0.25)}, an absolute tolerance of 1.22e-4; the Java bisection goes to
 * double precision, so the tight assertions use R run again with {@code tol = 1e-12}, and the default output is
 * matched within R's own tolerance.
 */
class TwoProportionPowerTest {

    /** R's default uniroot tolerance, .Machine$double.eps^0.25. */
    private static final double R_DEFAULT_TOLERANCE = 1.3e-4;

    @Test
    void givenFiftyPerGroup_whenPowerOfHalfAgainstThreeQuarters_thenMatchesRPowerPropTest() {
        // R 4.2.2: sprintf('%.10f', power.prop.test(n = 50, p1 = .50, p2 = .75)$power) -> 0.7401659013
        //   (strict = TRUE would give 0.7401671935)
        assertThat(TwoProportionPower.power(50, 0.50, 0.75, 0.05)).isCloseTo(0.7401659013, within(1e-9));
    }

    @Test
    void givenTheRatesInEitherOrder_whenPower_thenTheSame() {
        // R 4.2.2: sprintf('%.10f', power.prop.test(n = 50, p1 = .75, p2 = .50)$power) -> 0.7401659013
        assertThat(TwoProportionPower.power(50, 0.75, 0.50, 0.05)).isCloseTo(0.7401659013, within(1e-9));
    }

    @Test
    void givenSmallGroups_whenPower_thenMatchesRPowerPropTest() {
        // R 4.2.2: sprintf('%.10f', power.prop.test(n = 10, p1 = 0.2, p2 = 0.6)$power) -> 0.4415529974
        assertThat(TwoProportionPower.power(10, 0.2, 0.6, 0.05)).isCloseTo(0.4415529974, within(1e-9));
        // R 4.2.2: sprintf('%.10f', power.prop.test(n = 2, p1 = 0.1, p2 = 0.9)$power) -> 0.2742731202
        assertThat(TwoProportionPower.power(2, 0.1, 0.9, 0.05)).isCloseTo(0.2742731202, within(1e-9));
    }

    @Test
    void givenADropInConversionAtOnePercent_whenPower_thenMatchesRPowerPropTest() {
        // R 4.2.2: sprintf('%.10f', power.prop.test(n = 20000, p1 = 0.10, p2 = 0.09, sig.level = 0.01)$power)
        //   -> 0.7980734370
        assertThat(TwoProportionPower.power(20000, 0.10, 0.09, 0.01)).isCloseTo(0.7980734370, within(1e-9));
    }

    @Test
    void givenHalfAgainstThreeQuarters_whenSampleSizeForNinetyPercent_thenMatchesRPowerPropTest() {
        // R 4.2.2: sprintf('%.10f', power.prop.test(p1 = .50, p2 = .75, power = .90)$n) -> 76.7069301141
        //   (printed n = 76.70693; with tol = 1e-12: 76.7069284518)
        double n = TwoProportionPower.sampleSizePerGroup(0.50, 0.75, 0.05, 0.90);

        assertThat(n).isCloseTo(76.7069284518, within(1e-6));
        assertThat(n).isCloseTo(76.7069301141, within(1e-3));
        assertThat(Math.ceil(n)).isEqualTo(77.0);
    }

    @Test
    void givenAFivePercentConversionRate_whenSampleSizeForATenPercentLift_thenMatchesRPowerPropTest() {
        // R 4.2.2: sprintf('%.10f', power.prop.test(p1 = 0.05, p2 = 0.055, sig.level = 0.05, power = 0.8)$n)
        //   -> 31233.4379401286 (with tol = 1e-12: 31233.4379401300)
        double n = TwoProportionPower.sampleSizePerGroup(0.05, 0.055, 0.05, 0.8);

        assertThat(n).isCloseTo(31233.4379401300, within(1e-6));
        assertThat(n).isCloseTo(31233.4379401286, within(1e-3));
    }

    @Test
    void givenATwelvePercentConversionRateAtOnePercent_whenSampleSizeForNinetyPercent_thenMatchesRPowerPropTest() {
        // R 4.2.2: sprintf('%.10f', power.prop.test(p1 = 0.12, p2 = 0.132, sig.level = 0.01, power = 0.9)$n)
        //   -> 22755.5508242712 (with tol = 1e-12: 22755.5508242065)
        double n = TwoProportionPower.sampleSizePerGroup(0.12, 0.132, 0.01, 0.9);

        assertThat(n).isCloseTo(22755.5508242065, within(1e-6));
        assertThat(n).isCloseTo(22755.5508242712, within(1e-3));
    }

    @Test
    void givenFiftyPerGroup_whenDetectableRateAboveAHalf_thenMatchesRPowerPropTest() {
        // R 4.2.2: sprintf('%.10f', power.prop.test(n = 50, p1 = .5, power = .90)$p2) -> 0.8026140907
        //   (printed p2 = 0.8026141; with tol = 1e-12: 0.8026305817)
        double p2 = TwoProportionPower.detectableRate(50, 0.5, 0.05, 0.90);

        assertThat(p2).isCloseTo(0.8026305817, within(1e-9));
        assertThat(p2).isCloseTo(0.8026140907, within(R_DEFAULT_TOLERANCE));
    }

    @Test
    void givenFiveThousandPerGroup_whenDetectableRateAboveFivePercent_thenMatchesRPowerPropTest() {
        // R 4.2.2: sprintf('%.10f', power.prop.test(n = 5000, p1 = 0.05, power = 0.8)$p2) -> 0.0629519388
        //   (with tol = 1e-12: 0.0629316609; the default tolerance is large next to a small rate)
        double p2 = TwoProportionPower.detectableRate(5000, 0.05, 0.05, 0.8);

        assertThat(p2).isCloseTo(0.0629316609, within(1e-9));
        assertThat(p2).isCloseTo(0.0629519388, within(R_DEFAULT_TOLERANCE));
    }

    @Test
    void givenASampleSize_whenItsPowerIsComputed_thenTheTargetPowerComesBack() {
        double n = TwoProportionPower.sampleSizePerGroup(0.05, 0.055, 0.05, 0.8);

        assertThat(TwoProportionPower.power(n, 0.05, 0.055, 0.05)).isCloseTo(0.8, within(1e-12));
    }

    @Test
    void givenAPower_whenItsSampleSizeIsSolved_thenTheGroupSizeComesBack() {
        // R 4.2.2: sprintf('%.10f', power.prop.test(n = 1234.5, p1 = 0.3, p2 = 0.35, sig.level = 0.05)$power)
        //   -> 0.7559169479
        double power = TwoProportionPower.power(1234.5, 0.3, 0.35, 0.05);

        assertThat(power).isCloseTo(0.7559169479, within(1e-9));
        assertThat(TwoProportionPower.sampleSizePerGroup(0.3, 0.35, 0.05, power))
                .isCloseTo(1234.5, within(1e-6));
    }

    @Test
    void givenADetectableRate_whenItsPowerIsComputed_thenTheTargetPowerComesBack() {
        double p2 = TwoProportionPower.detectableRate(31234, 0.05, 0.05, 0.8);

        assertThat(p2).isBetween(0.0549, 0.0551);
        assertThat(TwoProportionPower.power(31234, 0.05, p2, 0.05)).isCloseTo(0.8, within(1e-12));
    }

    @Test
    void givenMoreUsers_whenPower_thenItGrows() {
        double previous = 0.0;
        for (double n = 2; n < 1e6; n *= 1.7) {
            double power = TwoProportionPower.power(n, 0.05, 0.055, 0.05);
            assertThat(power).isGreaterThan(previous).isLessThanOrEqualTo(1.0);
            previous = power;
        }
    }

    @Test
    void givenAProbabilityOutsideTheUnitInterval_whenCalculated_thenRefusedNamingTheValue() {
        assertThatThrownBy(() -> TwoProportionPower.power(100, 1.5, 0.5, 0.05))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("p1 must be in (0, 1), was 1.5");
        assertThatThrownBy(() -> TwoProportionPower.power(100, 0.5, 0.0, 0.05))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("p2 must be in (0, 1), was 0.0");
        assertThatThrownBy(() -> TwoProportionPower.sampleSizePerGroup(0.5, Double.NaN, 0.05, 0.8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("p2 must be in (0, 1), was NaN");
        assertThatThrownBy(() -> TwoProportionPower.detectableRate(100, 1.0, 0.05, 0.8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("p1 must be in (0, 1), was 1.0");
    }

    @Test
    void givenEqualRates_whenCalculated_thenRefused() {
        assertThatThrownBy(() -> TwoProportionPower.power(100, 0.1, 0.1, 0.05))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("p1 and p2 must differ, both were 0.1");
        assertThatThrownBy(() -> TwoProportionPower.sampleSizePerGroup(0.2, 0.2, 0.05, 0.8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("p1 and p2 must differ, both were 0.2");
    }

    @Test
    void givenALevelOrPowerOutsideTheUnitInterval_whenCalculated_thenRefusedNamingTheValue() {
        assertThatThrownBy(() -> TwoProportionPower.power(100, 0.1, 0.2, 0.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("alpha must be in (0, 1), was 0.0");
        assertThatThrownBy(() -> TwoProportionPower.sampleSizePerGroup(0.1, 0.2, 1.2, 0.8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("alpha must be in (0, 1), was 1.2");
        assertThatThrownBy(() -> TwoProportionPower.sampleSizePerGroup(0.1, 0.2, 0.05, 1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("power must be in (0, 1), was 1.0");
        assertThatThrownBy(() -> TwoProportionPower.detectableRate(100, 0.1, 0.05, -0.8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("power must be in (0, 1), was -0.8");
    }

    @Test
    void givenFewerThanTwoUsersPerGroup_whenCalculated_thenRefusedNamingTheValue() {
        assertThatThrownBy(() -> TwoProportionPower.power(1.5, 0.1, 0.2, 0.05))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("nPerGroup must be a finite number of at least 2, was 1.5");
        assertThatThrownBy(() -> TwoProportionPower.detectableRate(Double.POSITIVE_INFINITY, 0.1, 0.05, 0.8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("nPerGroup must be a finite number of at least 2, was Infinity");
    }

    @Test
    void givenADifferenceTooSmallForTenMillionUsers_whenSampleSize_thenRefusedSayingSo() {
        // R 4.2.2: sprintf('%.10f', power.prop.test(p1 = 0.05, p2 = 0.0501, power = 0.8)$n) -> 74634992.2905548960
        //   (R extends its search beyond 1e7; the analysis plan calls such a difference undetectable instead)
        assertThatThrownBy(() -> TwoProportionPower.sampleSizePerGroup(0.05, 0.0501, 0.05, 0.8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("p1 = 0.05 and p2 = 0.0501 need more than 10 000 000 users per group to reach power 0.8"
                        + " at alpha 0.05");
    }

    @Test
    void givenAPowerReachedWithFewerThanTwoUsers_whenSampleSize_thenRefusedSayingSo() {
        // R 4.2.2: sprintf('%.10f', power.prop.test(p1 = 0.1, p2 = 0.9, power = 0.2)$n) -> 1.6539058903
        assertThatThrownBy(() -> TwoProportionPower.sampleSizePerGroup(0.1, 0.9, 0.05, 0.2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("p1 = 0.1 and p2 = 0.9 already reach power 0.2 at alpha 0.05 with 2 users per group,"
                        + " the smallest group allowed");
    }

    @Test
    void givenAGroupTooSmallForAnyRate_whenDetectableRate_thenRefusedSayingSo() {
        // R 4.2.2: sprintf('%.10f', power.prop.test(n = 2, p1 = .5, power = .9)$p2) -> 1.2069291867, with the warning
        //   "No p2 in [p1, 1] can be found to achieve the desired power"
        assertThatThrownBy(() -> TwoProportionPower.detectableRate(2, 0.5, 0.05, 0.9))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no p2 below 1 reaches power 0.9 at alpha 0.05 with 2 users per group and p1 = 0.5");
    }
}
