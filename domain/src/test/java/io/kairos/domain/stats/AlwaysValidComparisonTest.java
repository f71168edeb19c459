package io.kairos.domain.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Reference values: the mixture likelihood ratio of Johari, Pekelis and Walsh (2022) computed independently of the
 * closed form, by numerical integration over the mixing distribution and root finding for the interval's ends, in
 * R 4.2.2:
 *
 * <pre>
 * lambda &lt;- function(est, V, tau, theta0 = 0) integrate(function(th)
 *     exp(((est - theta0)^2 - (est - theta0 - th)^2) / (2 * V)) * dnorm(th, 0, tau), -Inf, Inf, rel.tol = 1e-12)$value
 * msprt &lt;- function(xt, nt, xc, nc, tau, alpha = 0.05) {
 *   pt &lt;- xt/nt; pc &lt;- xc/nc; est &lt;- pt - pc; V &lt;- pt*(1-pt)/nt + pc*(1-pc)/nc
 *   L &lt;- lambda(est, V, tau); f &lt;- function(t0) log(lambda(est, V, tau, t0)) - log(1/alpha); w &lt;- 30 * sqrt(V)
 *   lo &lt;- uniroot(f, c(est - w, est), tol = 1e-15)$root; hi &lt;- uniroot(f, c(est, est + w), tol = 1e-15)$root
 *   cat(sprintf('%.12g', c(est, V, L, min(1, 1/L), lo, hi)), "\n") }
 * </pre>
 */
class AlwaysValidComparisonTest {

    private static final double RELATIVE = 1e-6;

    @Test
    void givenTypicalArms_whenCompared_thenMatchesTheNumericalMixtureInR() {
        // msprt(130, 1000, 100, 1000, 0.02) -> 0.03 0.0002031 2.52267568453 0.396404502621 -0.0165620004669
        // 0.0765620004669
        AlwaysValidComparison c = AlwaysValidComparison.of(
                        new ProportionSample(100, 1000), new ProportionSample(130, 1000), 0.02)
                .orElseThrow();

        assertThat(c.difference()).isCloseTo(0.03, within(1e-15));
        assertThat(c.variance()).isCloseTo(0.0002031, within(1e-15));
        assertThat(c.likelihoodRatio()).isCloseTo(2.52267568453, withinPercentage(RELATIVE * 100));
        assertThat(c.pValue()).isCloseTo(0.396404502621, withinPercentage(RELATIVE * 100));
        assertThat(c.interval().lower()).isCloseTo(-0.0165620004669, within(1e-10));
        assertThat(c.interval().upper()).isCloseTo(0.0765620004669, within(1e-10));
    }

    @Test
    void givenAClearDifference_whenCompared_thenTheAlwaysValidIntervalExcludesZero() {
        // msprt(2260, 10000, 1950, 10000, 0.01) -> 0.031 3.31899e-05 26236.3133689 3.81151111415e-05
        //   0.0129367426293 0.0490632573707
        AlwaysValidComparison c = AlwaysValidComparison.of(
                        new ProportionSample(1950, 10000), new ProportionSample(2260, 10000), 0.01)
                .orElseThrow();

        assertThat(c.likelihoodRatio()).isCloseTo(26236.3133689, withinPercentage(RELATIVE * 100));
        assertThat(c.pValue()).isCloseTo(3.81151111415e-05, withinPercentage(RELATIVE * 100));
        assertThat(c.interval().lower()).isCloseTo(0.0129367426293, within(1e-10));
        assertThat(c.interval().upper()).isCloseTo(0.0490632573707, within(1e-10));
    }

    @Test
    void givenNearlyEqualArms_whenCompared_thenPValueIsOneAndTheIntervalIsWiderThanWald() {
        // msprt(48, 1013, 45, 987, 0.05) -> 0.00179130273016 8.86466335839e-05 0.188315344311 1
        //   -0.027528939626 0.0311115450863; prop.test(c(48, 45), c(1013, 987), correct = FALSE)$conf.int
        //   -> -0.016662217056 0.020244822517
        AlwaysValidComparison c = AlwaysValidComparison.of(
                        new ProportionSample(45, 987), new ProportionSample(48, 1013), 0.05)
                .orElseThrow();

        assertThat(c.likelihoodRatio()).isCloseTo(0.188315344311, withinPercentage(RELATIVE * 100));
        assertThat(c.pValue()).isEqualTo(1.0);
        assertThat(c.interval().lower()).isCloseTo(-0.027528939626, within(1e-10));
        assertThat(c.interval().upper()).isCloseTo(0.0311115450863, within(1e-10));
        assertThat(c.interval().lower()).isLessThan(-0.016662217056);
        assertThat(c.interval().upper()).isGreaterThan(0.020244822517);
    }

    @Test
    void givenZeroConversionsInControl_whenCompared_thenUsesTheTreatmentVarianceOnly() {
        // msprt(3, 40, 0, 40, 0.1) -> 0.075 0.001734375 1.53112608859 0.653114075617 -0.0518255681814 0.201825568181
        AlwaysValidComparison c = AlwaysValidComparison.of(
                        new ProportionSample(0, 40), new ProportionSample(3, 40), 0.1)
                .orElseThrow();

        assertThat(c.likelihoodRatio()).isCloseTo(1.53112608859, withinPercentage(RELATIVE * 100));
        assertThat(c.interval().lower()).isCloseTo(-0.0518255681814, within(1e-10));
        assertThat(c.interval().upper()).isCloseTo(0.201825568181, within(1e-10));
    }

    @Test
    void givenNoVariance_whenCompared_thenEmpty() {
        assertThat(AlwaysValidComparison.of(new ProportionSample(0, 50), new ProportionSample(0, 70), 0.02))
                .isEmpty();
        assertThatThrownBy(
                        () -> AlwaysValidComparison.of(new ProportionSample(1, 50), new ProportionSample(2, 70), 0.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mixing standard deviation");
    }

    @Test
    void givenNoTrueDifference_whenADashboardPeeksFiftyTimes_thenTheAlwaysValidTestRarelyEverRejects() {
        // The property the test exists for: peeking after every 200 users per arm up to 10,000, the fixed-sample
        // z-test rejects a true null at some look far more often than 5%; the mSPRT at most 5% (Ville's
        // inequality). 400 seeded sequences: the bound allows the binomial noise of 400 draws at 5% (two SEs).
        SplittableRandom random = new SplittableRandom(22);
        int sequences = 400;
        int everSignificant = 0;
        int everRejected = 0;
        for (int s = 0; s < sequences; s++) {
            long xc = 0;
            long xt = 0;
            boolean significant = false;
            boolean rejected = false;
            for (int n = 1; n <= 10_000; n++) {
                xc += random.nextDouble() < 0.1 ? 1 : 0;
                xt += random.nextDouble() < 0.1 ? 1 : 0;
                if (n % 200 == 0) {
                    ProportionSample control = new ProportionSample(xc, n);
                    ProportionSample treatment = new ProportionSample(xt, n);
                    significant |= TwoProportionComparison.of(control, treatment)
                                    .orElseThrow()
                                    .pValue()
                            < 0.05;
                    rejected |= AlwaysValidComparison.of(control, treatment, 0.02)
                                    .orElseThrow()
                                    .pValue()
                            < 0.05;
                }
            }
            everSignificant += significant ? 1 : 0;
            everRejected += rejected ? 1 : 0;
        }
        assertThat(everSignificant / (double) sequences).isGreaterThan(0.15);
        assertThat(everRejected / (double) sequences).isLessThanOrEqualTo(0.05 + 2 * Math.sqrt(0.05 * 0.95 / 400));
    }
}
