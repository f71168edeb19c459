package io.kairos.domain.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SampleSizeEstimateTest {

    static final AnalysisPlan PLAN =
            new AnalysisPlan("conversion", List.of(), Duration.ofDays(3), Duration.ofDays(28), 0.05, 0.10, 0.8);

    @Test
    void givenAFivePercentBaselineAndATenPercentLift_whenEstimated_thenRsSampleSizeRoundedUp() {
        // R 4.2.2: sprintf('%.10f', power.prop.test(p1 = 0.05, p2 = 0.055, sig.level = 0.05, power = 0.8)$n)
        //   -> 31233.4379401286
        SampleSizeEstimate estimate = SampleSizeEstimate.of(PLAN, 0.05, 1000);

        assertThat(estimate.targetRate()).isCloseTo(0.055, within(1e-15));
        assertThat(estimate.usersPerArm()).isEqualTo(31234);
        assertThat(estimate.days()).hasValueCloseTo(31.234, within(1e-12));
    }

    @Test
    void givenNoTrafficYet_whenEstimated_thenNoDuration() {
        assertThat(SampleSizeEstimate.of(PLAN, 0.05, 0).days()).isEmpty();
    }

    @Test
    void givenABaselineALiftWouldPushToOne_whenEstimated_thenRefusedSayingWhy() {
        assertThatThrownBy(() -> SampleSizeEstimate.of(PLAN, 0.95, 10))
                .hasMessageContaining("would be a rate of 1 or more");
        assertThatThrownBy(() -> SampleSizeEstimate.of(PLAN, 0, 10))
                .hasMessageContaining("the baseline conversion rate must be in (0, 1), was 0.0");
    }
}
