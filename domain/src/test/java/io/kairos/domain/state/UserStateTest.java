package io.kairos.domain.state;

import static io.kairos.domain.event.TestEvents.addToCart;
import static io.kairos.domain.event.TestEvents.consent;
import static io.kairos.domain.event.TestEvents.event;
import static io.kairos.domain.event.TestEvents.pageView;
import static io.kairos.domain.event.TestEvents.purchase;
import static io.kairos.domain.event.TestEvents.removeFromCart;
import static io.kairos.domain.event.TestEvents.zone;
import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.event.Channel;
import io.kairos.domain.event.EventProperties;
import io.kairos.domain.event.UserEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UserStateTest {

    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private static final Retention RETENTION =
            new Retention(Duration.ofDays(35), Duration.ofDays(35), Map.of("page_view", Duration.ofHours(1)), 3);

    private static UserState fold(List<UserEvent> events) {
        UserState state = UserState.empty("u-1");
        for (UserEvent e : events) {
            state = state.apply(e, RETENTION);
        }
        return state;
    }

    @Test
    void givenCartEvents_whenFolded_thenLinesQuantitiesAndValueFollow() {
        UserState state = fold(List.of(
                addToCart("a", "u-1", T0, "p-1", 2, 10.0),
                addToCart("b", "u-1", T0.plusSeconds(60), "p-2", 1, 5.0),
                addToCart("c", "u-1", T0.plusSeconds(120), "p-1", 1, 12.0),
                removeFromCart("d", "u-1", T0.plusSeconds(180), "p-2", 1)));

        assertThat(state.cart().lines()).containsExactly(new CartLine("p-1", 3, 12.0, null));
        assertThat(state.cart().value()).isEqualTo(36.0);
        assertThat(state.cart().items()).isEqualTo(3);
        assertThat(state.firstSeen()).isEqualTo(T0);
        assertThat(state.lastActivity()).isEqualTo(T0.plusSeconds(180));
    }

    @Test
    void givenPurchases_whenFolded_thenCartEmptiesAndRollingSpendCountsOnlyTheWindow() {
        UserState state = fold(List.of(
                addToCart("a", "u-1", T0, "p-1", 1, 10.0),
                purchase("p1", "u-1", T0.plus(Duration.ofHours(1)), 300),
                purchase("p2", "u-1", T0.plus(Duration.ofHours(26)), 250)));

        Instant now = T0.plus(Duration.ofHours(26));
        assertThat(state.cart()).isEqualTo(Cart.EMPTY);
        assertThat(state.spendWithin(Duration.ofHours(24), now)).isEqualTo(250.0);
        assertThat(state.spendWithin(Duration.ofHours(25), now)).isEqualTo(250.0);
        assertThat(state.spendWithin(Duration.ofHours(26), now)).isEqualTo(550.0);
        assertThat(state.purchasesWithin(Duration.ofHours(24), now)).isEqualTo(1);
        assertThat(state.lifetimePurchases()).isEqualTo(2);
        assertThat(state.lifetimeSpend()).isEqualTo(550.0);
        assertThat(state.purchasedBetween(T0, T0.plus(Duration.ofHours(2)))).isTrue();
        assertThat(state.purchasedBetween(T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(2))))
                .isFalse();
    }

    @Test
    void givenPurchaseOlderThanHorizon_whenAnotherArrives_thenOldOneIsDroppedButLifetimeKept() {
        UserState state =
                fold(List.of(purchase("p1", "u-1", T0, 100), purchase("p2", "u-1", T0.plus(Duration.ofDays(40)), 50)));

        assertThat(state.purchases()).extracting(PurchaseMark::orderId).containsExactly("o-p2");
        assertThat(state.lifetimeSpend()).isEqualTo(150.0);
    }

    @Test
    void givenEventsWithoutSessionIds_whenGapExceedsThirtyMinutes_thenNewSession() {
        UserState state = fold(List.of(
                pageView("a", "u-1", T0),
                pageView("b", "u-1", T0.plus(Duration.ofMinutes(29))),
                pageView("c", "u-1", T0.plus(Duration.ofMinutes(70)))));

        assertThat(state.sessionCount()).isEqualTo(2);
    }

    @Test
    void givenEventsWithSessionIds_whenSessionChanges_thenCounted() {
        UserState state = UserState.empty("u-1");
        for (String session : List.of("s1", "s1", "s2", "s1")) {
            state = state.apply(
                    new UserEvent(UUID.randomUUID(), "u-1", T0, session, new EventProperties.PageView("/", null)),
                    RETENTION);
        }

        assertThat(state.sessionCount()).isEqualTo(3);
        assertThat(state.lastSessionId()).isEqualTo("s1");
    }

    @Test
    void givenConsentChanges_whenFolded_thenExplicitChoicesWinOverDefaults() {
        UserState state = fold(List.of(
                consent("a", "u-1", T0, null, false), consent("b", "u-1", T0.plusSeconds(1), Channel.EMAIL, true)));

        assertThat(state.consents(Channel.EMAIL, false)).isTrue();
        assertThat(state.consents(Channel.SMS, true)).isFalse();
        assertThat(UserState.empty("u-2").consents(Channel.SMS, true)).isTrue();
        assertThat(UserState.empty("u-2").consents(Channel.SMS, false)).isFalse();
    }

    @Test
    void givenDeliveredMessages_whenFolded_thenLedgerCountsPerChannelDayAndDeduplicatesById() {
        UserState state = fold(List.of(
                event("m1", "u-1", T0, new EventProperties.MessageDelivered("msg-1", "c1", Channel.PUSH)),
                event(
                        "m2",
                        "u-1",
                        T0.plusSeconds(5),
                        new EventProperties.MessageDelivered("msg-1", "c1", Channel.PUSH)),
                event("m3", "u-1", T0.plusSeconds(9), new EventProperties.MessageDelivered("msg-2", "c2", Channel.SMS)),
                zone("z", "u-1", T0.plusSeconds(10), "Asia/Tokyo")));

        assertThat(state.messages()).hasSize(2);
        assertThat(state.messagesOnDay(Channel.PUSH, LocalDate.of(2026, 11, 28), ZoneId.of("UTC")))
                .isEqualTo(1);
        assertThat(state.messagesOnDay(Channel.PUSH, LocalDate.of(2026, 11, 28), ZoneId.of("Pacific/Kiritimati")))
                .isZero();
        assertThat(state.lastMessageOf("c2")).isEqualTo(T0.plusSeconds(9));
        assertThat(state.zoneOr(ZoneId.of("UTC"))).isEqualTo(ZoneId.of("Asia/Tokyo"));
    }

    @Test
    void givenRetainedType_whenMoreThanTheCapArrive_thenOnlyTheNewestAreKeptForCounts() {
        UserState state = fold(List.of(
                pageView("a", "u-1", T0),
                pageView("b", "u-1", T0.plusSeconds(60)),
                pageView("c", "u-1", T0.plusSeconds(120)),
                pageView("d", "u-1", T0.plusSeconds(180)),
                addToCart("e", "u-1", T0.plusSeconds(200), "p", 1, 1)));

        assertThat(state.recentEvents()).hasSize(3);
        assertThat(state.countRecent("page_view", e -> true, Duration.ofHours(1), T0.plusSeconds(200)))
                .isEqualTo(3);
        assertThat(state.countRecent("page_view", e -> true, Duration.ofSeconds(60), T0.plusSeconds(200)))
                .isEqualTo(1);
    }

    @Test
    void givenTwoRetainedTypes_whenOneTypesEventsAgePastItsHorizon_thenOnlyThoseAreDropped() {
        Retention retention = new Retention(
                Duration.ofDays(35),
                Duration.ofDays(35),
                Map.of("page_view", Duration.ofHours(1), "feature_used", Duration.ofDays(7)),
                100);
        UserState state = UserState.empty("u-1");
        for (UserEvent e : List.of(
                pageView("a", "u-1", T0),
                event("f", "u-1", T0, new EventProperties.Custom("feature_used", Map.of())),
                pageView("b", "u-1", T0.plus(Duration.ofHours(2))))) {
            state = state.apply(e, retention);
        }

        assertThat(state.recentEvents()).extracting(UserEvent::type).containsExactly("feature_used", "page_view");
    }

    @Test
    void givenFiredTimer_whenEventAtOrBeforeItsDueTimeArrives_thenLate() {
        UserState state = fold(List.of(pageView("a", "u-1", T0))).withTimerFired(T0.plusSeconds(600));

        assertThat(state.isLate(T0.plusSeconds(600))).isTrue();
        assertThat(state.isLate(T0.plusSeconds(601))).isFalse();
        assertThat(state.isLate(T0.minusSeconds(1))).isTrue();
        assertThat(fold(List.of(pageView("a", "u-1", T0))).isLate(T0.minusSeconds(1)))
                .isFalse();
    }
}
