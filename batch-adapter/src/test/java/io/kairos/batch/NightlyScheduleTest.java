package io.kairos.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    private static final NightlySchedule EVERY_30_SECONDS = NightlySchedule.every(Duration.ofSeconds(30));

    @Test
    void givenAnAcceleratedSchedule_whenAskedForCutoffs_thenTheyFallOnMultiplesOfThePeriodSinceTheEpoch() {
        Instant now = Instant.parse("2026-12-07T03:41:17.250Z");

        assertThat(EVERY_30_SECONDS.latestCutoffAtOrBefore(now)).isEqualTo(Instant.parse("2026-12-07T03:41:00Z"));
        assertThat(EVERY_30_SECONDS.nextCutoffAfter(now)).isEqualTo(Instant.parse("2026-12-07T03:41:30Z"));
        assertThat(EVERY_30_SECONDS.latestCutoffAtOrBefore(Instant.parse("2026-12-07T03:41:30Z")))
                .isEqualTo(Instant.parse("2026-12-07T03:41:30Z"));
        assertThat(EVERY_30_SECONDS.nextCutoffAfter(Instant.parse("2026-12-07T03:41:30Z")))
                .isEqualTo(Instant.parse("2026-12-07T03:42:00Z"));
        assertThat(EVERY_30_SECONDS.cutoffsBetween(Instant.parse("2026-12-07T03:40:00Z"), now))
                .containsExactly(Instant.parse("2026-12-07T03:40:30Z"), Instant.parse("2026-12-07T03:41:00Z"));
    }

    @Test
    void givenAnAcceleratedSchedule_whenAskedForTheSendTimeAndTheLongestDelay_thenMessagesGoAtTheCutoff() {
        Instant cutoff = Instant.parse("2026-12-07T03:41:30Z");

        assertThat(EVERY_30_SECONDS.sendTimeFor(cutoff)).isEqualTo(cutoff);
        assertThat(EVERY_30_SECONDS.longestDeliveryDelay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(EVERY_30_SECONDS.daily()).isFalse();
        assertThat(EVERY_30_SECONDS.describe()).isEqualTo("every 30s (messages at each cut-off)");
    }

    @Test
    void givenAnAcceleratedSchedule_whenAskedForTheRunOfADay_thenItIsTheCutoffAtTheRunTime() {
        NightlySchedule everyTenMinutesRunAt0205 =
                new NightlySchedule(LocalTime.of(2, 5), LocalTime.of(8, 0), ZoneId.of("UTC"), Duration.ofMinutes(10));

        assertThat(everyTenMinutesRunAt0205.cutoffOn(LocalDate.of(2026, 12, 1)))
                .isEqualTo(Instant.parse("2026-12-01T02:00:00Z"));
    }

    @Test
    void givenTheDefaultSchedule_whenAskedForTheLongestDelay_thenItIsADayAndTheWaitForTheSendTime() {
        assertThat(NightlySchedule.DEFAULT.daily()).isTrue();
        assertThat(NightlySchedule.DEFAULT.longestDeliveryDelay()).isEqualTo(Duration.ofHours(30));
        assertThat(NightlySchedule.DEFAULT.describe()).isEqualTo("daily at 02:00 UTC (messages at 08:00)");
        assertThat(new NightlySchedule(LocalTime.of(2, 0), LocalTime.of(8, 0), ZoneId.of("UTC"), Duration.ofDays(1)))
                .isEqualTo(NightlySchedule.DEFAULT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT5S", "PT0S", "PT-30S", "P2D", "PT7S", "PT10.5S", "PT7H"})
    void givenAPeriodThatIsNotOne_whenTheScheduleIsMade_thenItIsRefusedNamingTheSetting(String period) {
        assertThatThrownBy(() -> NightlySchedule.every(Duration.parse(period)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kairos.batch.every");
    }
}
