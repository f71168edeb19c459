package io.kairos.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class NightlyScheduleTest {

    private static final NightlySchedule PARIS =
            new NightlySchedule(LocalTime.of(2, 0), LocalTime.of(8, 0), ZoneId.of("Europe/Paris"));

    @Test
    void givenParisAt2_whenAskedForTheCutoffOfAWinterDay_thenItIsOneInTheMorningUtc() {
        assertThat(PARIS.cutoffOn(LocalDate.of(2026, 12, 1))).isEqualTo(Instant.parse("2026-12-01T01:00:00Z"));
    }

    @Test
    void givenThreeDaysOfDowntime_whenAskedForTheMissedCutoffs_thenTheyComeOldestFirst() {
        Instant lastRun = PARIS.cutoffOn(LocalDate.of(2026, 12, 1));
        Instant now = Instant.parse("2026-12-04T09:30:00Z");

        assertThat(PARIS.cutoffsBetween(lastRun, now))
                .containsExactly(
                        PARIS.cutoffOn(LocalDate.of(2026, 12, 2)),
                        PARIS.cutoffOn(LocalDate.of(2026, 12, 3)),
                        PARIS.cutoffOn(LocalDate.of(2026, 12, 4)));
    }

    @Test
    void givenTheDaySummerTimeStarts_whenAskedForTheCutoff_thenTheSkippedTwoOClockMovesToThree() {
        assertThat(PARIS.cutoffOn(LocalDate.of(2026, 3, 29))).isEqualTo(Instant.parse("2026-03-29T01:00:00Z"));
        assertThat(PARIS.cutoffsBetween(Instant.parse("2026-03-28T02:00:00Z"), Instant.parse("2026-03-30T02:00:00Z")))
                .hasSize(2);
    }

    @Test
    void givenACutoff_whenAskedForTheSendTime_thenItIsTheNextSendTimeAtOrAfterIt() {
        Instant cutoff = PARIS.cutoffOn(LocalDate.of(2026, 12, 1));
        NightlySchedule late = new NightlySchedule(LocalTime.of(9, 0), LocalTime.of(8, 0), ZoneId.of("UTC"));

        assertThat(PARIS.sendTimeFor(cutoff)).isEqualTo(Instant.parse("2026-12-01T07:00:00Z"));
        assertThat(late.sendTimeFor(Instant.parse("2026-12-01T09:00:00Z")))
                .isEqualTo(Instant.parse("2026-12-02T08:00:00Z"));
    }

    @Test
    void givenAnInstantBeforeTodaysRun_whenAskedForTheLatestCutoff_thenItIsYesterdays() {
        assertThat(PARIS.latestCutoffAtOrBefore(Instant.parse("2026-12-02T00:30:00Z")))
                .isEqualTo(PARIS.cutoffOn(LocalDate.of(2026, 12, 1)));
    }
}
