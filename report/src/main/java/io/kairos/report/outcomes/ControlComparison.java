package io.kairos.report.outcomes;

import io.kairos.domain.stats.LogRankTest;
import io.kairos.domain.stats.RelativeLift;
import io.kairos.domain.stats.SurvivalObservation;
import io.kairos.domain.stats.TwoProportionComparison;
import io.kairos.domain.stats.WelchComparison;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One arm against the control in {@code kairos stats}; every test is empty where it is undefined on the data.
 *
 * @param arm the compared arm
 * @param control the control arm
 * @param conversionDifference the arm's conversion rate minus the control's, defined even when the test is not
 * @param conversion two-proportion z-test and Wald interval of the difference
 * @param conversionLift relative lift of the conversion rate with its delta-method interval
 * @param revenueDifference the arm's mean revenue per user minus the control's
 * @param revenue Welch test of revenue per user
 * @param timeToConversion log-rank test of the two arms' times to conversion
 */
public record ControlComparison(
        String arm,
        String control,
        double conversionDifference,
        Optional<TwoProportionComparison> conversion,
        Optional<RelativeLift> conversionLift,
        double revenueDifference,
        Optional<WelchComparison> revenue,
        Optional<LogRankTest> timeToConversion) {

    /** Compares {@code arm} with {@code control}. */
    public static ControlComparison of(ArmStatistics control, ArmStatistics arm) {
        Map<String, List<SurvivalObservation>> times = new LinkedHashMap<>();
        times.put(control.arm(), control.outcomes().timesToConversion());
        times.put(arm.arm(), arm.outcomes().timesToConversion());
        return new ControlComparison(
                arm.arm(),
                control.arm(),
                arm.conversion().rate() - control.conversion().rate(),
                TwoProportionComparison.of(control.conversion(), arm.conversion()),
                RelativeLift.ofProportions(control.conversion(), arm.conversion()),
                arm.revenue().mean() - control.revenue().mean(),
                WelchComparison.of(control.revenue(), arm.revenue()),
                LogRankTest.compare(times));
    }
}
