package io.kairos.domain.port.out.inmemory;

import io.kairos.domain.port.out.UserStateStore;
import io.kairos.domain.state.UserState;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** User state in a hash map: the fake for tests and benchmarks. Not thread-safe. */
public final class InMemoryUserStateStore implements UserStateStore {

    private final Map<String, UserState> states = new HashMap<>();

    @Override
    public Optional<UserState> load(String userId) {
        return Optional.ofNullable(states.get(userId));
    }

    @Override
    public void save(UserState state) {
        states.put(state.userId(), state);
    }

    /** Number of users stored. */
    public int size() {
        return states.size();
    }
}
