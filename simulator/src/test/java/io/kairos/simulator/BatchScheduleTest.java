package io.kairos.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.port.in.BatchRun;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class BatchScheduleTest {

    @Test
    void givenNightlySchedule_whenTwoDaysPass_thenTwoRunsAtTwoSendingAtNine() {
        var runs = BatchSchedule.NIGHTLY.runsBetween(
                Instant.parse("2026-11-02T00:00:00Z"), Instant.parse("2026-11-04T01:59:59Z"));

        assertThat(runs)
                .containsExactly(
                        new BatchRun(Instant.parse("2026-11-02T02:00:00Z"), Instant.parse("2026-11-02T09:00:00Z")),
                        new BatchRun(Instant.parse("2026-11-03T02:00:00Z"), Instant.parse("2026-11-03T09:00:00Z")));
    }

    @Test
    void givenWindowEndingExactlyAtCutoff_whenAsked_thenRunIncludedOnceAndNotAgainInTheNextWindow() {
        Instant cutoff = Instant.parse("2026-11-03T02:00:00Z");

        assertThat(BatchSchedule.NIGHTLY.runsBetween(cutoff.minusSeconds(300), cutoff))
                .hasSize(1);
        assertThat(BatchSchedule.NIGHTLY.runsBetween(cutoff, cutoff.plusSeconds(300)))
                .isEmpty();
    }

    @Test
    void givenAnInstant_whenNextCutoffAsked_thenStrictlyLaterCutoff() {
        assertThat(BatchSchedule.NIGHTLY.nextCutoffAfter(Instant.parse("2026-11-03T01:59:59Z")))
                .isEqualTo(Instant.parse("2026-11-03T02:00:00Z"));
        assertThat(BatchSchedule.NIGHTLY.nextCutoffAfter(Instant.parse("2026-11-03T02:00:00Z")))
                .isEqualTo(Instant.parse("2026-11-04T02:00:00Z"));
    }

    @Test
    void givenSendTimeBeforeCutoffTime_whenRunsComputed_thenMessagesGoOutTheNextDay() {
        BatchSchedule late = new BatchSchedule(LocalTime.of(23, 0), LocalTime.of(8, 0), ZoneId.of("Europe/Paris"));

        var runs = late.runsBetween(Instant.parse("2026-11-02T12:00:00Z"), Instant.parse("2026-11-02T23:00:00Z"));

        assertThat(runs)
                .containsExactly(
                        new BatchRun(Instant.parse("2026-11-02T22:00:00Z"), Instant.parse("2026-11-03T07:00:00Z")));
    }
}
