package io.kairos.persistence.store;

import static io.kairos.persistence.Samples.NOON;
import static io.kairos.persistence.Samples.RETENTION;
import static io.kairos.persistence.Samples.pageView;
import static io.kairos.persistence.Samples.richState;
import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.port.out.UserStateStore;
import io.kairos.domain.state.UserState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link UserStateStore}, run against the in-memory fake and the PostgreSQL adapter. */
abstract class UserStateStoreContract {

    private UserStateStore store;

    /** An empty store. */
    abstract UserStateStore emptyStore();

    @BeforeEach
    void setUp() {
        store = emptyStore();
    }

    @Test
    void givenUserNeverSaved_whenLoaded_thenEmpty() {
        assertThat(store.load("nobody")).isEmpty();
    }

    @Test
    void givenRichState_whenSavedAndLoaded_thenEqual() {
        UserState state = richState("u-1");

        store.save(state);

        assertThat(store.load("u-1")).contains(state);
    }

    @Test
    void givenEmptyState_whenSavedAndLoaded_thenEqual() {
        store.save(UserState.empty("u-new"));

        assertThat(store.load("u-new")).contains(UserState.empty("u-new"));
    }

    @Test
    void givenSavedState_whenSavedAgain_thenTheLatestWinsAndOtherUsersAreUntouched() {
        UserState first = richState("u-1");
        UserState other = richState("u-2");
        store.save(first);
        store.save(other);
        UserState next = first.apply(pageView("later", "u-1", NOON.plusSeconds(60)), RETENTION);

        store.save(next);

        assertThat(store.load("u-1")).contains(next);
        assertThat(store.load("u-2")).contains(other);
    }
}
