package io.kairos.domain.port.out;

import io.kairos.domain.decision.Timer;
import java.time.Instant;
import java.util.List;

/** Outbound port: stores pending timers, at most one per user and key. */
public interface TimerStore {

    /** Stores a timer, replacing the user's pending timer with the same key. */
    void schedule(Timer timer);

    /** Removes the user's pending timer with this key, if any. */
    void cancel(String userId, String key);

    /** The user's pending timers, by due time then key. */
    List<Timer> pendingFor(String userId);

    /** Every pending timer due strictly before {@code limit}, by due time, then user, then key. */
    List<Timer> dueBefore(Instant limit);
}
