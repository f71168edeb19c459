package io.kairos.domain.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.event.Channel;
import io.kairos.domain.event.EventProperties;
import io.kairos.domain.event.TestEvents;
import io.kairos.domain.state.MessageMark;
import io.kairos.domain.state.Retention;
import io.kairos.domain.state.UserState;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GuardTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    private static GuardContext at(UserState state, String deliverAt) {
        Instant when = Instant.parse(deliverAt);
        return new GuardContext(state, "c1", Channel.PUSH, when.minus(Duration.ofHours(1)), when, PARIS);
    }

    private static UserState withMessages(String... marks) {
        UserState state = UserState.empty("u-1");
        int i = 0;
        for (String mark : marks) {
            String[] parts = mark.split("@");
            state = state.withMessage(
                    new MessageMark("m" + i++, parts[0], Channel.PUSH, Instant.parse(parts[1])), Retention.MINIMAL);
        }
        return state;
    }

    @ParameterizedTest(name = "quiet 22:00-08:00 Paris, deliver {0} -> {1}")
    @CsvSource({
        "2026-11-28T20:59:00Z, allow,",
        "2026-11-28T21:00:00Z, defer, 2026-11-29T07:00:00Z",
        "2026-11-28T23:30:00Z, defer, 2026-11-29T07:00:00Z",
        "2026-11-29T06:59:59Z, defer, 2026-11-29T07:00:00Z",
        "2026-11-29T07:00:00Z, allow,",
        "2026-03-29T01:30:00Z, defer, 2026-03-29T06:00:00Z"
    })
    void givenQuietHoursAcrossMidnight_whenDeliveryPlanned_thenAllowedOrDeferredToTheOpening(
            String deliverAt, String verdict, String until) {
        GuardVerdict result = new Guard.QuietHours(LocalTime.of(22, 0), LocalTime.of(8, 0))
                .check(at(UserState.empty("u-1"), deliverAt));

        if (verdict.equals("allow")) {
            assertThat(result).isEqualTo(GuardVerdict.ALLOW);
        } else {
            assertThat(result)
                    .isInstanceOfSatisfying(
                            GuardVerdict.Defer.class, d -> assertThat(d.until()).isEqualTo(Instant.parse(until)));
        }
    }

    @Test
    void givenDaytimeQuietHours_whenInside_thenDeferredSameDay() {
        GuardVerdict result = new Guard.QuietHours(LocalTime.of(12, 0), LocalTime.of(14, 0))
                .check(at(UserState.empty("u-1"), "2026-11-28T11:30:00Z"));

        assertThat(result)
                .isEqualTo(new GuardVerdict.Defer(
                        "quiet_hours",
                        Instant.parse("2026-11-28T13:00:00Z"),
                        "quiet hours 12:00-14:00 in Europe/Paris"));
    }

    @ParameterizedTest(name = "cap 2/day, sent {0}, deliver {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            c1@2026-11-28T08:00:00Z                          | 2026-11-28T20:00:00Z | allow
            c1@2026-11-28T08:00:00Z,c2@2026-11-28T09:00:00Z  | 2026-11-28T20:00:00Z | reject
            c1@2026-11-28T08:00:00Z,c2@2026-11-28T09:00:00Z  | 2026-11-28T23:30:00Z | allow
            c1@2026-11-27T23:00:00Z,c2@2026-11-28T09:00:00Z  | 2026-11-28T20:00:00Z | reject
            c1@2026-11-27T22:59:59Z,c2@2026-11-28T09:00:00Z  | 2026-11-28T20:00:00Z | allow
            """)
    void givenMessagesAlreadySent_whenFrequencyCapChecked_thenCalendarDayInUserZoneCounts(
            String sent, String deliverAt, String verdict) {
        GuardVerdict result =
                new Guard.FrequencyCap(2, Guard.CapPeriod.DAY).check(at(withMessages(sent.split(",")), deliverAt));

        assertThat(result instanceof GuardVerdict.Reject).isEqualTo(verdict.equals("reject"));
    }

    @Test
    void givenWeeklyCap_whenSameIsoWeek_thenCounted() {
        UserState state = withMessages("c1@2026-11-23T10:00:00Z", "c2@2026-11-26T10:00:00Z");

        assertThat(new Guard.FrequencyCap(2, Guard.CapPeriod.WEEK).check(at(state, "2026-11-29T10:00:00Z")))
                .isInstanceOf(GuardVerdict.Reject.class);
        assertThat(new Guard.FrequencyCap(2, Guard.CapPeriod.WEEK).check(at(state, "2026-11-30T10:00:00Z")))
                .isEqualTo(GuardVerdict.ALLOW);
    }

    @ParameterizedTest(name = "cooldown 24h, last {0}, deliver {1} -> {2}")
    @CsvSource({
        "c1@2026-11-27T20:00:00Z, 2026-11-28T19:59:59Z, reject",
        "c1@2026-11-27T20:00:00Z, 2026-11-28T20:00:00Z, allow",
        "c2@2026-11-28T19:00:00Z, 2026-11-28T20:00:00Z, allow"
    })
    void givenEarlierMessage_whenCooldownChecked_thenOnlyThisCampaignCounts(
            String sent, String deliverAt, String verdict) {
        GuardVerdict result = new Guard.Cooldown(Duration.ofHours(24)).check(at(withMessages(sent), deliverAt));

        assertThat(result instanceof GuardVerdict.Reject).isEqualTo(verdict.equals("reject"));
    }

    @ParameterizedTest(name = "purchase at {0} -> {1}")
    @CsvSource({
        "2026-11-28T18:59:59Z, allow",
        "2026-11-28T19:30:00Z, reject",
        "2026-11-28T20:00:00Z, reject",
        "2026-11-28T20:00:01Z, allow"
    })
    void givenPurchase_whenConversionChecked_thenOnlyPurchasesBetweenTriggerAndDeliveryCount(
            String purchaseAt, String verdict) {
        UserState state = UserState.empty("u-1")
                .apply(TestEvents.purchase("p", "u-1", Instant.parse(purchaseAt), 10), Retention.MINIMAL);

        GuardVerdict result = new Guard.SuppressAfterConversion().check(at(state, "2026-11-28T20:00:00Z"));

        assertThat(result instanceof GuardVerdict.Reject).isEqualTo(verdict.equals("reject"));
    }

    @ParameterizedTest(name = "opt-in {0}, choice {1} -> {2}")
    @CsvSource({"true, none, reject", "true, granted, allow", "false, none, allow", "false, withdrawn, reject"})
    void givenConsentChoice_whenConsentChecked_thenPolicyDecides(boolean optIn, String choice, String verdict) {
        UserState state = UserState.empty("u-1");
        if (!choice.equals("none")) {
            state = state.apply(
                    TestEvents.event(
                            "c",
                            "u-1",
                            Instant.parse("2026-11-28T10:00:00Z"),
                            new EventProperties.ConsentChanged(Channel.PUSH, choice.equals("granted"))),
                    Retention.MINIMAL);
        }

        GuardVerdict result = new Guard.ConsentRequired(optIn).check(at(state, "2026-11-28T20:00:00Z"));

        assertThat(result instanceof GuardVerdict.Reject).isEqualTo(verdict.equals("reject"));
    }
}
