package io.kairos.domain.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.decision.Timer;
import io.kairos.domain.event.TestEvents;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract every {@link TimerStore} honours; extend it with a factory for each implementation. */
public abstract class TimerStoreContract {

    private static final Instant T = Instant.parse("2026-11-28T10:00:00Z");

    private TimerStore store;

    /** A new, empty store. */
    protected abstract TimerStore newStore();

    @BeforeEach
    void setUp() {
        store = newStore();
    }

    private static Timer timer(String user, String key, int minutes) {
        return new Timer(
                user, "c", key, T.plusSeconds(60L * minutes), TestEvents.pageView(user + key + minutes, user, T));
    }

    @Test
    void givenTimers_whenAskedWhatIsDue_thenStrictlyBeforeTheLimitInDueUserKeyOrder() {
        store.schedule(timer("b", "k1", 30));
        store.schedule(timer("a", "k2", 30));
        store.schedule(timer("a", "k1", 30));
        store.schedule(timer("a", "k3", 10));
        store.schedule(timer("c", "k1", 31));

        assertThat(store.dueBefore(T.plusSeconds(60L * 31)))
                .containsExactly(
                        timer("a", "k3", 10), timer("a", "k1", 30), timer("a", "k2", 30), timer("b", "k1", 30));
    }

    @Test
    void givenSameUserAndKey_whenScheduledAgain_thenTheNewTimerReplacesTheOld() {
        store.schedule(timer("a", "k", 30));
        store.schedule(timer("a", "k", 50));

        assertThat(store.pendingFor("a")).containsExactly(timer("a", "k", 50));
        assertThat(store.dueBefore(T.plusSeconds(60L * 40))).isEmpty();
    }

    @Test
    void givenPendingTimer_whenCancelled_thenGoneAndCancellingAgainIsHarmless() {
        store.schedule(timer("a", "k", 30));
        store.schedule(timer("a", "other", 20));

        store.cancel("a", "k");
        store.cancel("a", "k");
        store.cancel("nobody", "k");

        assertThat(store.pendingFor("a")).containsExactly(timer("a", "other", 20));
        assertThat(store.pendingFor("nobody")).isEmpty();
    }
}
