package io.kairos.report;

import io.kairos.domain.experiment.EnrolmentCutoff;
import io.kairos.domain.stats.SurvivalObservation;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-user outcomes of an experiment added up over the slices of users {@link MetricsQuery} reads side by side: per
 * arm the counts and exact revenue sums (sums of squares included, so that the variances over all users come out as
 * PostgreSQL's {@code var_samp} over them would), the grouped survival times and the conversions per day.
 */
final class OutcomeTotals {

    /** Users, active, triggered, converted, orders, repeat-eligible, repeat users. */
    private static final int COUNTS = 7;

    private final Map<String, Arm> arms = new LinkedHashMap<>();
    private final Map<String, TreeMap<Double, long[]>> times = new TreeMap<>();
    private final Map<String, TreeMap<LocalDate, Long>> conversions = new TreeMap<>();

    /** Adds one slice's row of an arm; {@code counts} in the order of {@link #COUNTS}. */
    void addArm(
            String name,
            int weight,
            long[] counts,
            BigDecimal revenue,
            BigDecimal revenueSquaresPerUser,
            BigDecimal revenueSquaresPerOrder) {
        Arm arm = arms.computeIfAbsent(name, n -> new Arm(weight));
        for (int i = 0; i < COUNTS; i++) {
            arm.counts[i] += counts[i];
        }
        arm.revenue = arm.revenue.add(revenue);
        arm.squaresPerUser = arm.squaresPerUser.add(revenueSquaresPerUser);
        arm.squaresPerOrder = arm.squaresPerOrder.add(revenueSquaresPerOrder);
    }

    /** Adds {@code users} triggered users of the arm with the same time to conversion or censoring. */
    void addTimes(String arm, double hours, boolean converted, long users) {
        times.computeIfAbsent(arm, a -> new TreeMap<>()).computeIfAbsent(hours, h -> new long[2])[converted ? 1 : 0] +=
                users;
    }

    /** Adds {@code users} conversions of the arm on a UTC day. */
    void addConversions(String arm, LocalDate day, long users) {
        conversions.computeIfAbsent(arm, a -> new TreeMap<>()).merge(day, users, Long::sum);
    }

    /** Adds another slice's totals. */
    void add(OutcomeTotals other) {
        other.arms.forEach((name, arm) ->
                addArm(name, arm.weight, arm.counts, arm.revenue, arm.squaresPerUser, arm.squaresPerOrder));
        other.times.forEach((arm, byHours) -> byHours.forEach((hours, users) -> {
            addTimes(arm, hours, false, users[0]);
            addTimes(arm, hours, true, users[1]);
        }));
        other.conversions.forEach((arm, byDay) -> byDay.forEach((day, users) -> addConversions(arm, day, users)));
    }

    /** The arms seen, in the order the first slice listed them (control, batch, the others by name). */
    List<String> arms() {
        return List.copyOf(arms.keySet());
    }

    /** The experiment's metrics: these outcomes with the decisions' figures of each arm. */
    ExperimentMetrics metrics(
            String experimentKey, Instant observationEnd, EnrolmentCutoff enrolment, DecisionTotals decisions) {
        List<ArmMetrics> result = new ArrayList<>();
        arms.forEach((name, arm) -> {
            long users = arm.counts[0];
            long orders = arm.counts[4];
            result.add(new ArmMetrics(
                    name,
                    arm.weight,
                    users,
                    arm.counts[1],
                    arm.counts[2],
                    arm.counts[3],
                    decisions.count(name, 0),
                    decisions.count(name, 1),
                    decisions.count(name, 2),
                    decisions.suppressedByGuard(name),
                    decisions.count(name, 3),
                    decisions.count(name, 4),
                    arm.revenue.doubleValue(),
                    sampleVariance(users, arm.revenue, arm.squaresPerUser),
                    orders,
                    sampleVariance(orders, arm.revenue, arm.squaresPerOrder),
                    arm.counts[5],
                    arm.counts[6],
                    decisions.percentile(name, 0),
                    decisions.percentile(name, 1),
                    decisions.percentile(name, 2),
                    decisions.percentile(name, 3),
                    decisions.percentile(name, 4),
                    decisions.impressions(name)));
        });
        Map<String, List<SurvivalObservation>> survival = new LinkedHashMap<>();
        times.forEach((arm, byHours) -> {
            List<SurvivalObservation> observations = new ArrayList<>();
            byHours.forEach((hours, users) -> {
                observations.addAll(Collections.nCopies((int) users[0], SurvivalObservation.censored(hours)));
                observations.addAll(Collections.nCopies((int) users[1], SurvivalObservation.converted(hours)));
            });
            survival.put(arm, observations);
        });
        Map<String, List<DailyConversions>> daily = new LinkedHashMap<>();
        conversions.forEach((arm, byDay) -> daily.put(
                arm,
                byDay.entrySet().stream()
                        .map(e -> new DailyConversions(e.getKey(), e.getValue()))
                        .toList()));
        return new ExperimentMetrics(
                experimentKey,
                observationEnd,
                enrolment,
                result,
                survival,
                daily,
                decisions.latencyHistograms(),
                decisions.campaignVersions());
    }

    /**
     * The sample variance of {@code n} values from their exact sum and sum of squares, 0 below two values (as {@code
     * coalesce(var_samp(x), 0)}): {@code (n Σx² − (Σx)²) / (n (n − 1))}, exact up to the final division.
     */
    static double sampleVariance(long n, BigDecimal sum, BigDecimal squares) {
        if (n < 2) {
            return 0;
        }
        BigDecimal count = BigDecimal.valueOf(n);
        return count.multiply(squares)
                .subtract(sum.multiply(sum))
                .divide(count.multiply(BigDecimal.valueOf(n - 1)), MathContext.DECIMAL128)
                .doubleValue();
    }

    /** One arm's running totals. */
    private static final class Arm {
        final int weight;
        final long[] counts = new long[COUNTS];
        BigDecimal revenue = BigDecimal.ZERO;
        BigDecimal squaresPerUser = BigDecimal.ZERO;
        BigDecimal squaresPerOrder = BigDecimal.ZERO;

        Arm(int weight) {
            this.weight = weight;
        }
    }
}
