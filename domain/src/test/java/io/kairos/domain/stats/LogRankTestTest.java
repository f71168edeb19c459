package io.kairos.domain.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reference values from R 4.2.2, survival 3.5.3: {@code d <- survdiff(...)}, then {@code sprintf('%.12f', d$chisq)},
 * {@code sprintf('%.12f', d$exp)} and {@code pchisq(d$chisq, sum(d$exp > 0) - 1, lower.tail = FALSE)}.
 */
class LogRankTestTest {

    private static final double RELATIVE_PERCENT = 1e-4;

    @Test
    void givenAmlArms_whenCompared_thenMatchesSurvdiff() {
        // R: survdiff(Surv(time, status) ~ x, data = aml)
        //   x=Maintained    N 11 Observed 7  Expected 10.689335992301
        //   x=Nonmaintained N 12 Observed 11 Expected 7.310664007699
        //   Chisq 3.396388698978 on 1 df, p 6.533932204051e-02
        LogRankTest test = LogRankTest.compare(SurvivalDataSets.amlByArm()).orElseThrow();

        assertThat(test.groups())
                .extracting(LogRankGroup::name, LogRankGroup::subjects, LogRankGroup::observed)
                .containsExactly(tuple("Maintained", 11, 7), tuple("Nonmaintained", 12, 11));
        assertThat(test.groups().get(0).expected()).isCloseTo(10.689335992301, within(1e-10));
        assertThat(test.groups().get(1).expected()).isCloseTo(7.310664007699, within(1e-10));
        assertThat(test.chiSquare()).isCloseTo(3.396388698978, withinPercentage(RELATIVE_PERCENT));
        assertThat(test.degreesOfFreedom()).isEqualTo(1);
        assertThat(test.pValue()).isCloseTo(6.533932204051e-02, withinPercentage(RELATIVE_PERCENT));
    }

    @Test
    void givenLungBySex_whenCompared_thenMatchesSurvdiff() {
        // R: survdiff(Surv(time, status) ~ sex, data = lung)
        //   sex=1 N 138 Observed 112 Expected 91.581739029573; sex=2 N 90 Observed 53 Expected 73.418260970427
        //   Chisq 10.326741954886 on 1 df, p 1.311164520355e-03
        LogRankTest test = LogRankTest.compare(SurvivalDataSets.lungBy(SurvivalDataSets.LUNG_SEX, 1, 2))
                .orElseThrow();

        assertThat(test.groups().get(0).observed()).isEqualTo(112);
        assertThat(test.groups().get(0).expected()).isCloseTo(91.581739029573, within(1e-9));
        assertThat(test.groups().get(1).observed()).isEqualTo(53);
        assertThat(test.groups().get(1).expected()).isCloseTo(73.418260970427, within(1e-9));
        assertThat(test.chiSquare()).isCloseTo(10.326741954886, withinPercentage(RELATIVE_PERCENT));
        assertThat(test.pValue()).isCloseTo(1.311164520355e-03, withinPercentage(RELATIVE_PERCENT));
    }

    @Test
    void givenFourLungEcogGroupsOneWithASingleSubject_whenCompared_thenMatchesSurvdiffOnThreeDegreesOfFreedom() {
        // R: survdiff(Surv(time, status) ~ ph.ecog, data = lung) (1 observation deleted due to missingness)
        //   ph.ecog=0 N 63 O 37 E 54.152697018923; =1 N 113 O 82 E 83.527564575082;
        //   =2 N 50 O 44 E 26.147353065330; =3 N 1 O 1 E 0.172385340665
        //   Chisq 21.962131682476 on 3 df, p 6.642535355800e-05
        LogRankTest test = LogRankTest.compare(SurvivalDataSets.lungBy(SurvivalDataSets.LUNG_PH_ECOG, 0, 1, 2, 3))
                .orElseThrow();

        assertThat(test.groups()).extracting(LogRankGroup::subjects).containsExactly(63, 113, 50, 1);
        assertThat(test.groups()).extracting(LogRankGroup::observed).containsExactly(37, 82, 44, 1);
        assertThat(test.groups().get(0).expected()).isCloseTo(54.152697018923, within(1e-9));
        assertThat(test.groups().get(1).expected()).isCloseTo(83.527564575082, within(1e-9));
        assertThat(test.groups().get(2).expected()).isCloseTo(26.147353065330, within(1e-9));
        assertThat(test.groups().get(3).expected()).isCloseTo(0.172385340665, within(1e-9));
        assertThat(test.chiSquare()).isCloseTo(21.962131682476, withinPercentage(RELATIVE_PERCENT));
        assertThat(test.degreesOfFreedom()).isEqualTo(3);
        assertThat(test.pValue()).isCloseTo(6.642535355800e-05, withinPercentage(RELATIVE_PERCENT));
    }

    @Test
    void givenThreeArmsWithTiedEventsAndCensorings_whenCompared_thenMatchesSurvdiff() {
        // R: t <- c(1,2,2,3,4, 1,2,3,3,5,6, 2,2,4,4,7); s <- c(1,1,0,1,0, 0,1,1,0,1,0, 1,1,0,1,1)
        //    g <- c(rep('control', 5), rep('batch', 6), rep('realtime', 5)); survdiff(Surv(t, s) ~ g)
        //   batch N 6 O 3 E 3.692460317460; control N 5 O 3 E 2.066468253968; realtime N 5 O 4 E 4.241071428571
        //   Chisq 0.709326852528 on 2 df, p 7.014094794934e-01
        Map<String, List<SurvivalObservation>> arms = new LinkedHashMap<>();
        arms.put("control", arm(new double[] {1, 2, 2, 3, 4}, new int[] {1, 1, 0, 1, 0}));
        arms.put("batch", arm(new double[] {1, 2, 3, 3, 5, 6}, new int[] {0, 1, 1, 0, 1, 0}));
        arms.put("realtime", arm(new double[] {2, 2, 4, 4, 7}, new int[] {1, 1, 0, 1, 1}));

        LogRankTest test = LogRankTest.compare(arms).orElseThrow();

        assertThat(test.groups()).extracting(LogRankGroup::name).containsExactly("control", "batch", "realtime");
        assertThat(test.groups().get(0).expected()).isCloseTo(2.066468253968, within(1e-11));
        assertThat(test.groups().get(1).expected()).isCloseTo(3.692460317460, within(1e-11));
        assertThat(test.groups().get(2).expected()).isCloseTo(4.241071428571, within(1e-11));
        assertThat(test.chiSquare()).isCloseTo(0.709326852528, withinPercentage(RELATIVE_PERCENT));
        assertThat(test.degreesOfFreedom()).isEqualTo(2);
        assertThat(test.pValue()).isCloseTo(7.014094794934e-01, withinPercentage(RELATIVE_PERCENT));
    }

    @Test
    void givenAnArmCensoredBeforeTheFirstConversion_whenCompared_thenItIsLeftOutOfTheDegreesOfFreedom() {
        // R: t <- c(1, 2, 3, 4, 0.5, 0.5, 2, 3, 5); s <- c(1, 1, 0, 1, 0, 0, 1, 0, 1)
        //    g <- c(rep('a', 4), rep('b', 2), rep('c', 3)); survdiff(Surv(t, s) ~ g)
        //   a O 3 E 2.071428571429; b O 0 E 0; c O 2 E 2.928571428571; Chisq 0.963511972634 on 1 df,
        //   p 3.263036221209e-01
        Map<String, List<SurvivalObservation>> arms = new LinkedHashMap<>();
        arms.put("a", arm(new double[] {1, 2, 3, 4}, new int[] {1, 1, 0, 1}));
        arms.put("b", arm(new double[] {0.5, 0.5}, new int[] {0, 0}));
        arms.put("c", arm(new double[] {2, 3, 5}, new int[] {1, 0, 1}));

        LogRankTest test = LogRankTest.compare(arms).orElseThrow();

        assertThat(test.groups().get(1).expected()).isZero();
        assertThat(test.chiSquare()).isCloseTo(0.963511972634, withinPercentage(RELATIVE_PERCENT));
        assertThat(test.degreesOfFreedom()).isEqualTo(1);
        assertThat(test.pValue()).isCloseTo(3.263036221209e-01, withinPercentage(RELATIVE_PERCENT));
    }

    @Test
    void givenAnArmWithoutConversions_whenCompared_thenMatchesSurvdiff() {
        // R: survdiff(Surv(c(1, 2, 3, 4, 5, 6), c(1, 1, 1, 0, 0, 0)) ~ c('a', 'a', 'a', 'b', 'b', 'b'))
        //   a O 3 E 1.15; b O 0 E 1.85; Chisq 5.051660516605 on 1 df, p 2.460234995364e-02
        Map<String, List<SurvivalObservation>> arms = new LinkedHashMap<>();
        arms.put("a", arm(new double[] {1, 2, 3}, new int[] {1, 1, 1}));
        arms.put("b", arm(new double[] {4, 5, 6}, new int[] {0, 0, 0}));

        LogRankTest test = LogRankTest.compare(arms).orElseThrow();

        assertThat(test.groups().get(0).expected()).isCloseTo(1.15, within(1e-12));
        assertThat(test.groups().get(1).expected()).isCloseTo(1.85, within(1e-12));
        assertThat(test.chiSquare()).isCloseTo(5.051660516605, withinPercentage(RELATIVE_PERCENT));
        assertThat(test.pValue()).isCloseTo(2.460234995364e-02, withinPercentage(RELATIVE_PERCENT));
    }

    @Test
    void givenArmsInAnotherOrder_whenCompared_thenStatisticIsUnchanged() {
        Map<String, List<SurvivalObservation>> ecog =
                SurvivalDataSets.lungBy(SurvivalDataSets.LUNG_PH_ECOG, 3, 2, 1, 0);

        LogRankTest test = LogRankTest.compare(ecog).orElseThrow();

        assertThat(test.chiSquare()).isCloseTo(21.962131682476, withinPercentage(RELATIVE_PERCENT));
        assertThat(test.groups()).extracting(LogRankGroup::name).containsExactly("3", "2", "1", "0");
    }

    @Test
    void givenNoConversionAtAll_whenCompared_thenNoTestIsReported() {
        // R: survdiff(Surv(c(1, 2), c(0, 0)) ~ c('a', 'b')) -> Chisq 0 on -1 degrees of freedom, p = NA
        Map<String, List<SurvivalObservation>> arms = new LinkedHashMap<>();
        arms.put("a", List.of(SurvivalObservation.censored(1)));
        arms.put("b", List.of(SurvivalObservation.censored(2)));

        assertThat(LogRankTest.compare(arms)).isEmpty();
    }

    @Test
    void givenEveryoneConvertingAtTheSameInstant_whenCompared_thenNoTestIsReported() {
        // R: survdiff(Surv(c(1, 1), c(1, 1)) ~ c('a', 'b'))
        //   -> Error in solve.default(vv, temp2): Lapack routine dgesv: system is exactly singular
        Map<String, List<SurvivalObservation>> arms = new LinkedHashMap<>();
        arms.put("a", List.of(SurvivalObservation.converted(1)));
        arms.put("b", List.of(SurvivalObservation.converted(1)));

        assertThat(LogRankTest.compare(arms)).isEmpty();
    }

    @Test
    void givenASingleArm_whenCompared_thenRejected() {
        assertThatThrownBy(() -> LogRankTest.compare(Map.of("only", SurvivalDataSets.aml())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<SurvivalObservation> arm(double[] time, int[] status) {
        List<SurvivalObservation> observations = new ArrayList<>();
        for (int i = 0; i < time.length; i++) {
            observations.add(new SurvivalObservation(time[i], status[i] == 1));
        }
        return observations;
    }
}
