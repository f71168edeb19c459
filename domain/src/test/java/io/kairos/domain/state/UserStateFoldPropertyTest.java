package io.kairos.domain.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.event.Channel;
import io.kairos.domain.event.EventProperties;
import io.kairos.domain.event.UserEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Property: the fold is a pure function of the event sequence. */
class UserStateFoldPropertyTest {

    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final Retention RETENTION = new Retention(
            Duration.ofDays(35),
            Duration.ofDays(35),
            Map.of("product_view", Duration.ofHours(1), "feature_used", Duration.ofDays(1)),
            16);

    @Property(tries = 200)
    void givenAnyEventSequence_whenFoldedTwice_thenStatesAreEqual(@ForAll("logs") List<UserEvent> log) {
        UserState first = fold(log);
        UserState second = fold(new ArrayList<>(log));

        assertThat(second).isEqualTo(first);
        assertThat(second.hashCode()).isEqualTo(first.hashCode());
    }

    @Property(tries = 100)
    void givenAnyEventSequence_whenFoldedInTwoHalves_thenSameAsInOnePass(@ForAll("logs") List<UserEvent> log) {
        int half = log.size() / 2;
        UserState state = fold(log.subList(0, half));
        for (UserEvent e : log.subList(half, log.size())) {
            state = state.apply(e, RETENTION);
        }

        assertThat(state).isEqualTo(fold(log));
    }

    private static UserState fold(List<UserEvent> log) {
        UserState state = UserState.empty("u-1");
        for (UserEvent e : log) {
            state = state.apply(e, RETENTION);
        }
        return state;
    }

    @Provide
    Arbitrary<List<UserEvent>> logs() {
        Arbitrary<EventProperties> properties = Arbitraries.oneOf(
                Arbitraries.of("p1", "p2", "p3").map(p -> new EventProperties.AddToCart(p, 1, 9.5, null)),
                Arbitraries.of("p1", "p2").map(p -> new EventProperties.RemoveFromCart(p, 1)),
                Arbitraries.doubles().between(0, 800).map(r -> new EventProperties.Purchase("o", r, "EUR")),
                Arbitraries.of("sale", "new").map(c -> new EventProperties.ProductView("p1", c, 3.0)),
                Arbitraries.of(Channel.class).map(c -> new EventProperties.ConsentChanged(c, true)),
                Arbitraries.strings()
                        .alpha()
                        .ofLength(3)
                        .map(m -> new EventProperties.MessageDelivered(m, "c", Channel.PUSH)),
                Arbitraries.of("a", "b").map(f -> new EventProperties.Custom("feature_used", Map.of("feature", f))));
        Arbitrary<UserEvent> event = Combinators.combine(
                        properties, Arbitraries.longs().between(0, 60L * 24 * 10), Arbitraries.of("s1", "s2", null))
                .as((p, minute, session) ->
                        new UserEvent(UUID.randomUUID(), "u-1", T0.plus(Duration.ofMinutes(minute)), session, p));
        return event.list().ofMaxSize(60);
    }
}
