package io.kairos.domain.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestrictedMeanComparisonTest {

    @Test
    void givenAmlArms_whenRestrictedMeansCompared_thenMatchesSurvfitPerArmAndTheHandComputedDifference() {
        // R 4.2.2, survival 3.5.3:
        //   f <- survfit(Surv(time, status) ~ x, data = aml); print(f, rmean = 40, digits = 12)
        //     x=Maintained    rmean 28.8977272727 se 3.46757767889
        //     x=Nonmaintained rmean 21.9305555556 se 3.83564116318
        //   m <- survival:::survmean(f, rmean = 40)$matrix; r <- m[, 'rmean']; s <- m[, 'se(rmean)']
        //   d <- r[2] - r[1]; se <- sqrt(sum(s^2)); z <- d / se
        //   sprintf('%.12f', c(d, se, z, 2 * pnorm(-abs(z)), d + c(-1, 1) * qnorm(0.975) * se))
        //     -> -6.967171717172 5.170709631362 -1.347430471615 0.177841632196 -17.101576369156 3.167232934813
        Map<String, List<SurvivalObservation>> arms = SurvivalDataSets.amlByArm();
        RestrictedMeanSurvivalTime maintained =
                KaplanMeierEstimate.fit(arms.get("Maintained")).restrictedMean(40);
        RestrictedMeanSurvivalTime nonmaintained =
                KaplanMeierEstimate.fit(arms.get("Nonmaintained")).restrictedMean(40);

        RestrictedMeanComparison comparison =
                RestrictedMeanComparison.of(maintained, nonmaintained).orElseThrow();

        assertThat(maintained.estimate()).isCloseTo(28.897727272727, within(1e-9));
        assertThat(maintained.standardError()).isCloseTo(3.467577678892, within(1e-9));
        assertThat(nonmaintained.estimate()).isCloseTo(21.930555555556, within(1e-9));
        assertThat(nonmaintained.standardError()).isCloseTo(3.835641163185, within(1e-9));
        assertThat(comparison.difference()).isCloseTo(-6.967171717172, within(1e-9));
        assertThat(comparison.standardError()).isCloseTo(5.170709631362, within(1e-9));
        assertThat(comparison.zStatistic()).isCloseTo(-1.347430471615, within(1e-9));
        assertThat(comparison.pValue()).isCloseTo(0.177841632196, within(1e-9));
        assertThat(comparison.differenceInterval().lower()).isCloseTo(-17.101576369156, within(1e-9));
        assertThat(comparison.differenceInterval().upper()).isCloseTo(3.167232934813, within(1e-9));
    }

    @Test
    void givenNoConversionBeforeTheHorizonInEitherArm_whenCompared_thenNoTestIsReported() {
        RestrictedMeanSurvivalTime a = KaplanMeierEstimate.fit(List.of(SurvivalObservation.censored(5)))
                .restrictedMean(3);
        RestrictedMeanSurvivalTime b = KaplanMeierEstimate.fit(List.of(SurvivalObservation.converted(4)))
                .restrictedMean(3);

        assertThat(RestrictedMeanComparison.of(a, b)).isEmpty();
    }

    @Test
    void givenDifferentHorizons_whenCompared_thenRejected() {
        KaplanMeierEstimate estimate = KaplanMeierEstimate.fit(SurvivalDataSets.aml());

        assertThatThrownBy(() -> RestrictedMeanComparison.of(estimate.restrictedMean(10), estimate.restrictedMean(20)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
