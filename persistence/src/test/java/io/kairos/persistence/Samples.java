package io.kairos.persistence;

import io.kairos.domain.decision.Decision;
import io.kairos.domain.decision.DecisionId;
import io.kairos.domain.decision.Suppression;
import io.kairos.domain.decision.Timer;
import io.kairos.domain.event.Channel;
import io.kairos.domain.event.EventProperties;
import io.kairos.domain.event.UserEvent;
import io.kairos.domain.experiment.Mode;
import io.kairos.domain.state.MessageMark;
import io.kairos.domain.state.Retention;
import io.kairos.domain.state.UserState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Test data for the persistence tests: reproducible events, states, timers and decisions. */
public final class Samples {

    /** A Saturday noon, UTC: the tests' reference time. */
    public static final Instant NOON = Instant.parse("2026-11-28T12:00:00Z");

    /** A retention that keeps recent page and product views, so states carry nested events. */
    public static final Retention RETENTION = new Retention(
            Duration.ofDays(35),
            Duration.ofDays(35),
            Map.of("page_view", Duration.ofDays(7), "product_view", Duration.ofDays(7)),
            20);

    private Samples() {}

    /** A reproducible id for a label. */
    public static UUID id(String label) {
        return UUID.nameUUIDFromBytes(label.getBytes(StandardCharsets.UTF_8));
    }

    /** An event with an id derived from its label. */
    public static UserEvent event(String label, String user, Instant at, EventProperties properties) {
        return new UserEvent(id(label), user, at, null, properties);
    }

    /** A page view. */
    public static UserEvent pageView(String label, String user, Instant at) {
        return event(label, user, at, new EventProperties.PageView("/home", null));
    }

    /** One event of every known type and a custom one, whose texts hold the characters COPY and JSON escape. */
    public static List<UserEvent> everyKindOfEvent(String user, Instant start) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("note", "tab\there, newline\nthere, back\\slash, \"quoted\", ünïcödé");
        attributes.put("score", 4.25);
        attributes.put("first", true);
        return List.of(
                new UserEvent(id(user + "-1"), user, start, "s-1", new EventProperties.PageView("/a?b=c\td", "shoes")),
                event(user + "-2", user, start.plusSeconds(1), new EventProperties.ProductView("p-1", null, 19.99)),
                event(user + "-3", user, start.plusSeconds(2), new EventProperties.ProductView("p-2", "hats", null)),
                event(user + "-4", user, start.plusSeconds(3), new EventProperties.AddToCart("p-1", 2, 19.99, "shoes")),
                event(user + "-5", user, start.plusSeconds(4), new EventProperties.RemoveFromCart("p-1", 1)),
                event(user + "-6", user, start.plusSeconds(5), new EventProperties.CheckoutStarted(null)),
                event(user + "-7", user, start.plusSeconds(6), new EventProperties.Purchase("o-1", 0.1 + 0.2, "EUR")),
                event(
                        user + "-8",
                        user,
                        start.plusSeconds(7),
                        new EventProperties.MessageDelivered("m-1", "cart", Channel.PUSH)),
                event(user + "-9", user, start.plusSeconds(8), new EventProperties.MessageDelivered("m-2", null, null)),
                event(user + "-10", user, start.plusSeconds(9), new EventProperties.MessageOpened("m-1")),
                event(user + "-11", user, start.plusSeconds(10), new EventProperties.MessageClicked("m-1")),
                event(
                        user + "-12",
                        user,
                        start.plusSeconds(11),
                        new EventProperties.ConsentChanged(Channel.SMS, false)),
                event(user + "-13", user, start.plusSeconds(12), new EventProperties.ConsentChanged(null, true)),
                event(
                        user + "-14",
                        user,
                        start.plusSeconds(13),
                        new EventProperties.ProfileUpdated(ZoneId.of("Europe/Paris"))),
                event(
                        user + "-15",
                        user,
                        start.plusSeconds(14),
                        new EventProperties.Custom("feature_used", attributes)));
    }

    /** A state with every component filled: cart, purchases, ledger, consent, zone, recent events, fired timer. */
    public static UserState richState(String user) {
        UserState state = UserState.empty(user);
        for (UserEvent event : everyKindOfEvent(user, NOON.minusSeconds(3600))) {
            state = state.apply(event, RETENTION);
        }
        state = state.apply(
                event(user + "-cart", user, NOON, new EventProperties.AddToCart("p-9", 3, 7.5, null)), RETENTION);
        state = state.withMessage(
                new MessageMark("d-1", "cart-abandoner", Channel.EMAIL, NOON.plusNanos(123_456_789)), RETENTION);
        return state.withTimerFired(NOON.minusSeconds(60));
    }

    /** A user's absence timer due at {@code dueAt}, started by a page view. */
    public static Timer timer(String user, String campaign, Instant dueAt) {
        return new Timer(
                user,
                campaign,
                Timer.absenceKey(campaign),
                dueAt,
                pageView(user + "-start-" + campaign, user, dueAt.minusSeconds(1800)));
    }

    /** A delivered real-time decision for a user and trigger. */
    public static Decision delivered(String experiment, String user, String trigger, Instant at) {
        UUID triggerId = id(trigger);
        return new Decision(
                DecisionId.of(experiment, "cart", user, triggerId),
                experiment,
                "cart",
                user,
                "realtime",
                Mode.REALTIME,
                triggerId,
                at,
                at,
                at,
                at,
                null,
                Channel.PUSH,
                "Your cart misses you",
                "SAVE10",
                null,
                false,
                0);
    }

    /** The batch view of the same trigger for a control user: a ghost. */
    public static Decision ghost(String experiment, String user, String trigger, Instant at) {
        UUID triggerId = id(trigger);
        return new Decision(
                DecisionId.of(experiment, "cart", user, triggerId),
                experiment,
                "cart",
                user,
                "control",
                Mode.BATCH,
                triggerId,
                at,
                at,
                at.plusSeconds(3600),
                null,
                null,
                Channel.EMAIL,
                "Your cart misses you",
                null,
                null,
                true,
                1);
    }

    /** A decision held back by the frequency cap. */
    public static Decision suppressed(String experiment, String user, String trigger, Instant at) {
        UUID triggerId = id(trigger);
        return new Decision(
                DecisionId.of(experiment, "cart", user, triggerId),
                experiment,
                "cart",
                user,
                "realtime",
                Mode.REALTIME,
                triggerId,
                at,
                at,
                null,
                null,
                at.plusSeconds(600),
                Channel.SMS,
                "Your cart misses you",
                null,
                new Suppression("frequency-cap", "2 messages already today"),
                false,
                2);
    }
}
