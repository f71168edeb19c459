package io.kairos.domain.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The reference values are computed in R 4.2.2 by hand with the same delta-method formula on the log ratio:
 *
 * <pre>
 * lift &lt;- function(xt, nt, xc, nc) { pt &lt;- xt/nt; pc &lt;- xc/nc
 *   se &lt;- sqrt((1-pt)/(nt*pt) + (1-pc)/(nc*pc)); z &lt;- qnorm(0.975)
 *   sprintf('%.12f', c(pt/pc-1, se, exp(log(pt/pc)-z*se)-1, exp(log(pt/pc)+z*se)-1)) }
 * liftm &lt;- function(x, y) { r &lt;- mean(x)/mean(y)
 *   se &lt;- sqrt(var(x)/length(x)/mean(x)^2 + var(y)/length(y)/mean(y)^2); z &lt;- qnorm(0.975)
 *   sprintf('%.12f', c(r-1, se, exp(log(r)-z*se)-1, exp(log(r)+z*se)-1)) }
 * </pre>
 */
class RelativeLiftTest {

    @Test
    void givenThirtyPercentMoreConversions_whenLiftComputed_thenMatchesDeltaMethodOnLogRatio() {
        // R: lift(130, 1000, 100, 1000) -> 0.300000000000 0.125268941451 0.016984270971 0.661775947023
        RelativeLift lift = RelativeLift.ofProportions(new ProportionSample(100, 1000), new ProportionSample(130, 1000))
                .orElseThrow();

        assertThat(lift.estimate()).isCloseTo(0.3, within(1e-12));
        assertThat(lift.standardErrorOfLogRatio()).isCloseTo(0.125268941451, within(1e-11));
        assertThat(lift.interval().lower()).isCloseTo(0.016984270971, within(1e-11));
        assertThat(lift.interval().upper()).isCloseTo(0.661775947023, within(1e-11));
    }

    @Test
    void givenSmallDifference_whenLiftComputed_thenIntervalIsAsymmetricAndSpansZero() {
        // R: lift(48, 1013, 45, 987) -> 0.039289239882 0.202620871330 -0.301341040835 0.545993377692
        RelativeLift lift = RelativeLift.ofProportions(new ProportionSample(45, 987), new ProportionSample(48, 1013))
                .orElseThrow();

        assertThat(lift.estimate()).isCloseTo(0.039289239882, within(1e-11));
        assertThat(lift.standardErrorOfLogRatio()).isCloseTo(0.202620871330, within(1e-11));
        assertThat(lift.interval().lower()).isCloseTo(-0.301341040835, within(1e-11));
        assertThat(lift.interval().upper()).isCloseTo(0.545993377692, within(1e-11));
        assertThat(lift.interval().excludesZero()).isFalse();
    }

    @Test
    void givenRevenueSamples_whenLiftOfMeansComputed_thenMatchesDeltaMethodWithStandardErrorsOfTheMeans() {
        // R: x <- c(0, 0, 12.5, 0, 30, 0, 0, 7.25, 0, 55, 0, 18); y <- c(0, 9.99, 0, 0, 0, 14.5, 0, 0, 22, 0)
        //    liftm(x, y) -> 1.200293970029 0.727284760903 -0.471049785324 8.152645032037
        MeanSummary treatment = MeanSummary.of(0, 0, 12.5, 0, 30, 0, 0, 7.25, 0, 55, 0, 18);
        MeanSummary control = MeanSummary.of(0, 9.99, 0, 0, 0, 14.5, 0, 0, 22, 0);

        RelativeLift lift = RelativeLift.ofMeans(control, treatment).orElseThrow();

        assertThat(lift.estimate()).isCloseTo(1.200293970029, within(1e-11));
        assertThat(lift.standardErrorOfLogRatio()).isCloseTo(0.727284760903, within(1e-11));
        assertThat(lift.interval().lower()).isCloseTo(-0.471049785324, within(1e-11));
        assertThat(lift.interval().upper()).isCloseTo(8.152645032037, within(1e-10));
    }

    @Test
    void givenNoConversionInControl_whenLiftComputed_thenLiftIsUndefined() {
        assertThat(RelativeLift.ofProportions(new ProportionSample(0, 500), new ProportionSample(3, 500)))
                .isEmpty();
    }

    @Test
    void givenNoConversionInTreatment_whenLiftComputed_thenIntervalIsUndefined() {
        assertThat(RelativeLift.ofProportions(new ProportionSample(3, 500), new ProportionSample(0, 500)))
                .isEmpty();
    }

    @Test
    void givenZeroMeanRevenueInControl_whenLiftOfMeansComputed_thenLiftIsUndefined() {
        assertThat(RelativeLift.ofMeans(new MeanSummary(100, 0.0, 0.0), new MeanSummary(100, 2.0, 4.0)))
                .isEmpty();
    }
}
