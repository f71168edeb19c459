package io.kairos.domain.port.out.inmemory;

import io.kairos.domain.decision.Timer;
import io.kairos.domain.port.out.PollBatchReads;
import io.kairos.domain.port.out.TimerStore;
import io.kairos.domain.port.out.UserStateStore;
import io.kairos.domain.state.UserState;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Poll-batch reads over any state and timer store, one user at a time: the fake for tests and benchmarks. */
public final class InMemoryPollBatchReads implements PollBatchReads {

    private final UserStateStore states;
    private final TimerStore timers;

    /** Reads from these stores. */
    public InMemoryPollBatchReads(UserStateStore states, TimerStore timers) {
        this.states = Objects.requireNonNull(states, "states");
        this.timers = Objects.requireNonNull(timers, "timers");
    }

    @Override
    public Map<String, UserState> states(Collection<String> userIds) {
        Map<String, UserState> found = new HashMap<>();
        for (String userId : userIds) {
            states.load(userId).ifPresent(state -> found.put(userId, state));
        }
        return found;
    }

    @Override
    public Map<String, List<Timer>> pendingTimers(Collection<String> userIds) {
        Map<String, List<Timer>> found = new HashMap<>();
        for (String userId : userIds) {
            List<Timer> pending = timers.pendingFor(userId);
            if (!pending.isEmpty()) {
                found.put(userId, pending);
            }
        }
        return found;
    }
}
