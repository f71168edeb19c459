package io.kairos.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.kairos.domain.experiment.EnrolmentCutoff;
import io.kairos.domain.stats.SurvivalObservation;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Adding up the slices of a report: exact sums into variances, survival times and conversions per day merged. */
class OutcomeTotalsTest {

    static final Instant END = Instant.parse("2026-11-28T00:00:00Z");
    static final DecisionTotals NO_DECISIONS = new DecisionTotals(Map.of(), Map.of(), Map.of(), Map.of(), List.of());

    @Test
    void givenSumsAndSquares_whenComputingTheSampleVariance_thenItIsRsVar() {
        // Python 3 statistics.variance (the n - 1 sample variance, as R's var): [80, 20, 0] -> 1733.333..., [12.5,
        // 7.25, 0, 0, 3] -> 28.575
        assertThat(OutcomeTotals.sampleVariance(3, new BigDecimal("100"), new BigDecimal("6800")))
                .isCloseTo(1733.3333333333333, within(1e-9));
        assertThat(OutcomeTotals.sampleVariance(5, new BigDecimal("22.75"), new BigDecimal("217.8125")))
                .isCloseTo(28.575, within(1e-12));
        assertThat(OutcomeTotals.sampleVariance(1, new BigDecimal("5"), new BigDecimal("25")))
                .isZero();
    }

    @Test
    void givenTwoSlices_whenAdded_thenCountsSumsTimesAndDaysAreThoseOfTheWhole() {
        OutcomeTotals first = slice(new long[] {2, 2, 1, 1, 2, 1, 0}, "80", "6400", "3400");
        first.addTimes("realtime", 4.0, true, 1);
        first.addConversions("realtime", LocalDate.parse("2026-11-01"), 1);
        OutcomeTotals second = slice(new long[] {1, 1, 1, 1, 1, 1, 1}, "20", "400", "400");
        second.addTimes("realtime", 4.0, true, 1);
        second.addTimes("realtime", 1.5, false, 2);
        second.addConversions("realtime", LocalDate.parse("2026-11-01"), 1);
        second.addConversions("realtime", LocalDate.parse("2026-10-30"), 1);

        OutcomeTotals whole = new OutcomeTotals();
        whole.add(first);
        whole.add(second);
        ExperimentMetrics metrics = whole.metrics(
                "exp", END, new EnrolmentCutoff(Duration.ofDays(7), ReportFixtureDatabase.NIGHTLY_DELAY), NO_DECISIONS);

        ArmMetrics arm = metrics.arms().get(0);
        assertThat(List.of(arm.assignedUsers(), arm.activeUsers(), arm.triggeredUsers(), arm.orders()))
                .containsExactly(3L, 3L, 2L, 3L);
        assertThat(arm.revenue()).isEqualTo(100.0);
        // per user 80, 0 and 20 (statistics.variance: 1733.333...); per order 50, 30, 20 (233.333...)
        assertThat(arm.revenueVariance()).isCloseTo(5200.0 / 3, within(1e-9));
        assertThat(arm.orderValueVariance()).isCloseTo(700.0 / 3, within(1e-9));
        assertThat(metrics.observationEnd()).isEqualTo(END);
        assertThat(metrics.timesToConversion().get("realtime"))
                .containsExactly(
                        SurvivalObservation.censored(1.5),
                        SurvivalObservation.censored(1.5),
                        SurvivalObservation.converted(4.0),
                        SurvivalObservation.converted(4.0));
        assertThat(metrics.conversionsPerDay().get("realtime"))
                .containsExactly(
                        new DailyConversions(LocalDate.parse("2026-10-30"), 1),
                        new DailyConversions(LocalDate.parse("2026-11-01"), 2));
    }

    private static OutcomeTotals slice(long[] counts, String revenue, String perUser, String perOrder) {
        OutcomeTotals totals = new OutcomeTotals();
        totals.addArm(
                "realtime", 45, counts, new BigDecimal(revenue), new BigDecimal(perUser), new BigDecimal(perOrder));
        return totals;
    }
}
