package io.kairos.domain.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    final RetrySchedule schedule = new RetrySchedule(Duration.ofSeconds(1), Duration.ofMinutes(5), 8);

    @Test
    void givenFailedAttempts_whenTheCeilingIsAsked_thenItDoublesUpToTheCap() {
        assertThat(schedule.ceilingAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(schedule.ceilingAfter(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(schedule.ceilingAfter(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(schedule.ceilingAfter(9)).isEqualTo(Duration.ofMinutes(4).plusSeconds(16));
        assertThat(schedule.ceilingAfter(10)).isEqualTo(Duration.ofMinutes(5));
        assertThat(schedule.ceilingAfter(1_000)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void givenJitterDraws_whenTheWaitIsDrawn_thenItSpansZeroToTheCeiling() {
        assertThat(schedule.waitAfter(3, () -> 0.0)).hasValue(0);
        assertThat(schedule.waitAfter(3, () -> 0.5)).hasValue(2_000);
        assertThat(schedule.waitAfter(3, () -> Math.nextDown(1.0))).hasValue(4_000);
    }

    @Test
    void givenTheLastAttemptFailed_whenTheWaitIsAsked_thenNoneIsLeft() {
        assertThat(schedule.waitAfter(7, () -> 0.5)).isPresent();
        assertThat(schedule.waitAfter(8, () -> 0.5)).isEmpty();
    }

    @Test
    void givenNonsense_whenBuilt_thenRefusedWithTheReason() {
        assertThatThrownBy(() -> new RetrySchedule(Duration.ZERO, Duration.ofSeconds(1), 3))
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> new RetrySchedule(Duration.ofSeconds(2), Duration.ofSeconds(1), 3))
                .hasMessageContaining("below the base");
        assertThatThrownBy(() -> new RetrySchedule(Duration.ofSeconds(1), Duration.ofSeconds(1), 0))
                .hasMessageContaining("at least one attempt");
    }
}
