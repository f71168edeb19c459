package io.kairos.persistence.store;

import static io.kairos.persistence.Samples.NOON;
import static io.kairos.persistence.Samples.timer;
import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.decision.Timer;
import io.kairos.domain.port.out.TimerStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link TimerStore}, run against the in-memory fake and the PostgreSQL adapter. */
abstract class TimerStoreContract {

    private TimerStore store;

    /** An empty store. */
    abstract TimerStore emptyStore();

    @BeforeEach
    void setUp() {
        store = emptyStore();
    }

    @Test
    void givenTimersOfAUser_whenPendingFor_thenAllByDueTimeThenKey() {
        Timer late = timer("u-1", "cart", NOON.plusSeconds(600));
        Timer early = timer("u-1", "browse", NOON.plusSeconds(60));
        Timer sameTime = timer("u-1", "alpha", NOON.plusSeconds(600));
        store.schedule(late);
        store.schedule(early);
        store.schedule(sameTime);
        store.schedule(timer("u-2", "cart", NOON));

        assertThat(store.pendingFor("u-1")).containsExactly(early, sameTime, late);
        assertThat(store.pendingFor("u-3")).isEmpty();
    }

    @Test
    void givenScheduledTimer_whenScheduledAgainWithTheSameKey_thenReplaced() {
        store.schedule(timer("u-1", "cart", NOON));
        Timer rearmed = timer("u-1", "cart", NOON.plusSeconds(900));

        store.schedule(rearmed);

        assertThat(store.pendingFor("u-1")).containsExactly(rearmed);
        assertThat(store.dueBefore(NOON.plusSeconds(1))).isEmpty();
    }

    @Test
    void givenScheduledTimers_whenOneCancelled_thenOnlyItIsGone() {
        Timer kept = timer("u-1", "browse", NOON);
        store.schedule(kept);
        store.schedule(timer("u-1", "cart", NOON));

        store.cancel("u-1", Timer.absenceKey("cart"));
        store.cancel("u-1", Timer.absenceKey("never-scheduled"));
        store.cancel("nobody", Timer.absenceKey("cart"));

        assertThat(store.pendingFor("u-1")).containsExactly(kept);
    }

    @Test
    void givenTimersOfSeveralUsers_whenDueBefore_thenStrictlyEarlierOnesByDueTimeUserAndKey() {
        Timer first = timer("u-2", "cart", NOON.minusSeconds(60));
        Timer tiedB = timer("u-3", "cart", NOON.minusSeconds(1));
        Timer tiedA = timer("u-1", "cart", NOON.minusSeconds(1));
        store.schedule(tiedB);
        store.schedule(first);
        store.schedule(tiedA);
        store.schedule(timer("u-4", "cart", NOON));
        store.schedule(timer("u-5", "cart", NOON.plusSeconds(1)));

        assertThat(store.dueBefore(NOON)).containsExactly(first, tiedA, tiedB);
    }
}
