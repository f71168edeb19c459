package io.kairos.report;

import io.kairos.domain.stats.AlwaysValidComparison;
import io.kairos.domain.stats.LogRankTest;
import io.kairos.domain.stats.RelativeLift;
import io.kairos.domain.stats.RestrictedMeanComparison;
import io.kairos.domain.stats.TwoProportionComparison;
import io.kairos.domain.stats.Verdict;
import io.kairos.domain.stats.WelchComparison;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One arm against another (treatment minus control); every statistic is empty where it is undefined on the data.
 *
 * @param treatment the treatment arm's name
 * @param control the control arm's name
 * @param conversion conversion among triggered users: z-test and Wald interval
 * @param conversionHolmPValue the conversion test's p-value adjusted by Holm's method over the report's comparisons
 *     whose conversion test is defined (the conversion verdict is read on it); empty where the test is undefined
 * @param conversionAlwaysValid the always-valid (mSPRT) p-value and interval of the conversion difference, which may be
 *     read at every look of a live dashboard
 * @param conversionLift relative lift of conversion among triggered users, delta-method interval
 * @param conversionIntentionToTreat conversion over assigned users: z-test and Wald interval
 * @param conversionIntentionToTreatLift relative lift of conversion over assigned users
 * @param revenuePerVisitor Welch test of revenue per assigned user
 * @param revenuePerVisitorLift relative lift of revenue per visitor
 * @param timeToConversion log-rank test of the two arms' times to conversion
 * @param restrictedMeanTime difference of restricted mean times to conversion up to the attribution window
 * @param verdicts plain-language lines: conversion, revenue per visitor, time to conversion
 */
public record ArmComparison(
        String treatment,
        String control,
        Optional<TwoProportionComparison> conversion,
        OptionalDouble conversionHolmPValue,
        Optional<AlwaysValidComparison> conversionAlwaysValid,
        Optional<RelativeLift> conversionLift,
        Optional<TwoProportionComparison> conversionIntentionToTreat,
        Optional<RelativeLift> conversionIntentionToTreatLift,
        Optional<WelchComparison> revenuePerVisitor,
        Optional<RelativeLift> revenuePerVisitorLift,
        Optional<LogRankTest> timeToConversion,
        Optional<RestrictedMeanComparison> restrictedMeanTime,
        List<Verdict> verdicts) {

    public ArmComparison {
        verdicts = List.copyOf(verdicts);
    }
}
