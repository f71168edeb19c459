package io.kairos.persistence.store;

import static io.kairos.persistence.Samples.NOON;
import static io.kairos.persistence.Samples.richState;
import static io.kairos.persistence.Samples.timer;
import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.decision.Timer;
import io.kairos.domain.port.out.PollBatchReads;
import io.kairos.domain.port.out.TimerStore;
import io.kairos.domain.port.out.UserStateStore;
import io.kairos.domain.state.UserState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link PollBatchReads}, run against the in-memory fakes and PostgreSQL. */
abstract class PollBatchReadsContract {

    /** The reads and the stores they read, for seeding. */
    record Stores(PollBatchReads reads, UserStateStore states, TimerStore timers) {}

    private Stores stores;

    /** Reads over empty stores. */
    abstract Stores emptyStores();

    @BeforeEach
    void setUp() {
        stores = emptyStores();
    }

    @Test
    void givenStoredStates_whenABatchOfUsersIsRead_thenTheKnownOnesComeBackAsStored() {
        UserState alice = richState("alice");
        UserState bob = UserState.empty("bob");
        stores.states().save(alice);
        stores.states().save(bob);
        stores.states().save(richState("carol"));

        assertThat(stores.reads().states(List.of("alice", "bob", "dave")))
                .isEqualTo(Map.of("alice", alice, "bob", bob));
        assertThat(stores.reads().states(List.of())).isEmpty();
    }

    @Test
    void givenPendingTimers_whenABatchOfUsersIsRead_thenEachUsersTimersComeByDueTimeThenKey() {
        Timer aliceLate = timer("alice", "cart", NOON.plusSeconds(600));
        Timer aliceEarly = timer("alice", "browse", NOON);
        Timer bob = timer("bob", "cart", NOON);
        stores.timers().schedule(aliceLate);
        stores.timers().schedule(aliceEarly);
        stores.timers().schedule(bob);
        stores.timers().schedule(timer("carol", "cart", NOON));

        assertThat(stores.reads().pendingTimers(List.of("alice", "bob", "dave")))
                .isEqualTo(Map.of("alice", List.of(aliceEarly, aliceLate), "bob", List.of(bob)));
    }
}
