package io.kairos.domain.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnalysisPlanTest {

    @Test
    void givenAFullPlan_whenMade_thenKept() {
        AnalysisPlan plan = new AnalysisPlan(
                "conversion",
                List.of("click_through", "time_to_conversion"),
                Duration.ofDays(3),
                Duration.ofDays(14),
                0.05,
                0.1,
                0.8);

        assertThat(plan.secondaryMetrics()).containsExactly("click_through", "time_to_conversion");
    }

    @Test
    void givenEveryKindOfMistake_whenMade_thenEachProblemIsNamedInOneMessage() {
        assertThatThrownBy(() -> new AnalysisPlan(
                        "revenue",
                        List.of("conversion", "click_through", "click_through", "clicks"),
                        Duration.ofMinutes(90),
                        Duration.ofHours(1),
                        0.7,
                        0,
                        1.0))
                .isInstanceOfSatisfying(
                        AnalysisPlan.InvalidPlan.class,
                        invalid -> assertThat(invalid.problems())
                                .containsExactly(
                                        "the primary metric must be one of conversion, conversion_assigned, click_through,"
                                                + " time_to_conversion, revenue_per_visitor, was 'revenue'",
                                        "secondary metric 'click_through' is named twice",
                                        "secondary metric 'clicks' is not one of conversion, conversion_assigned,"
                                                + " click_through, time_to_conversion, revenue_per_visitor",
                                        "the attribution window must be whole hours, was PT1H30M",
                                        "the horizon (PT1H) must be longer than the attribution window (PT1H30M): otherwise"
                                                + " no trigger's window fits before the planned end",
                                        "alpha must be in (0, 0.5], was 0.7",
                                        "the minimum detectable effect is a relative lift in (0, 10], was 0.0",
                                        "the power must be in [0.5, 1), was 1.0"));
    }

    @Test
    void givenTheSecondaryMetricEqualToThePrimary_whenMade_thenRefused() {
        assertThatThrownBy(() -> new AnalysisPlan(
                        "conversion", List.of("conversion"), Duration.ofDays(3), Duration.ofDays(14), 0.05, 0.1, 0.8))
                .hasMessageContaining("secondary metric 'conversion' is the primary one");
    }
}
