package io.kairos.domain.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class EnrolmentCutoffTest {

    @Test
    void givenTheNightlyScheduleInUtc_whenTheLongestDelayIsComputed_thenItIsADayPlusCutoffToSend() {
        // a trigger at 02:00:01 misses that night's cut-off, waits for the next one (24 h) and its 09:00 send (7 h)
        assertThat(EnrolmentCutoff.longestNightlyDelay(LocalTime.of(2, 0), LocalTime.of(9, 0), ZoneOffset.UTC))
                .isEqualTo(Duration.ofHours(31));
        assertThat(EnrolmentCutoff.longestNightlyDelay(LocalTime.of(2, 0), LocalTime.of(2, 0), ZoneOffset.UTC))
                .isEqualTo(Duration.ofHours(24));
    }

    @Test
    void givenASendTimeBeforeTheCutoff_whenTheLongestDelayIsComputed_thenTheSendIsTheNextDays() {
        assertThat(EnrolmentCutoff.longestNightlyDelay(LocalTime.of(23, 0), LocalTime.of(1, 30), ZoneOffset.UTC))
                .isEqualTo(Duration.ofHours(26).plusMinutes(30));
    }

    @Test
    void givenAZoneWithDaylightSavingTime_whenTheLongestDelayIsComputed_thenTheLongNightCounts() {
        assertThat(EnrolmentCutoff.longestNightlyDelay(
                        LocalTime.of(2, 0), LocalTime.of(9, 0), ZoneId.of("Europe/Paris")))
                .isEqualTo(Duration.ofHours(32));
    }

    @Test
    void givenAnObservationEnd_whenUsersAreEnrolled_thenOnlyThoseWhoseDeliveryAndWindowFitCount() {
        EnrolmentCutoff rule = EnrolmentCutoff.forNightlyBatch(
                Duration.ofDays(3), LocalTime.of(2, 0), LocalTime.of(9, 0), ZoneOffset.UTC);
        Instant end = Instant.parse("2026-11-19T00:00:00Z");

        assertThat(rule.allowance()).isEqualTo(Duration.ofHours(31 + 72));
        assertThat(rule.cutoffFor(end)).isEqualTo(Instant.parse("2026-11-14T17:00:00Z"));
        assertThat(rule.enrols(Instant.parse("2026-11-14T17:00:00Z"), end)).isTrue();
        assertThat(rule.enrols(Instant.parse("2026-11-14T17:00:01Z"), end)).isFalse();
    }

    @Test
    void givenANonPositiveWindowOrNegativeDelay_whenBuilt_thenRefused() {
        assertThatThrownBy(() -> new EnrolmentCutoff(Duration.ZERO, Duration.ZERO))
                .hasMessageContaining("attribution window");
        assertThatThrownBy(() -> new EnrolmentCutoff(Duration.ofDays(1), Duration.ofHours(-1)))
                .hasMessageContaining("delivery delay");
    }
}
