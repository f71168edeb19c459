package io.kairos.domain.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.event.TestEvents;
import io.kairos.domain.state.Retention;
import io.kairos.domain.state.UserState;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The contract every {@link UserStateStore} honours; extend it with a factory for each implementation. */
public abstract class UserStateStoreContract {

    /** A new, empty store. */
    protected abstract UserStateStore newStore();

    @Test
    void givenUnknownUser_whenLoaded_thenEmpty() {
        assertThat(newStore().load("nobody")).isEmpty();
    }

    @Test
    void givenSavedState_whenSavedAgainAndLoaded_thenTheLatestEqualStateComesBack() {
        UserStateStore store = newStore();
        Instant t = Instant.parse("2026-11-28T10:00:00Z");
        UserState first = UserState.empty("u").apply(TestEvents.purchase("p", "u", t, 12.5), Retention.MINIMAL);
        UserState second =
                first.apply(TestEvents.addToCart("a", "u", t.plusSeconds(5), "p-1", 2, 3), Retention.MINIMAL);

        store.save(first);
        store.save(second);

        assertThat(store.load("u")).contains(second);
    }
}
