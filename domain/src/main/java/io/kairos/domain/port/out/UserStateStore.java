package io.kairos.domain.port.out;

import io.kairos.domain.state.UserState;
import java.util.Optional;

/** Outbound port: loads and saves user state, one row per user and mode's store. */
public interface UserStateStore {

    /** The user's state, or empty for a user never seen. */
    Optional<UserState> load(String userId);

    /** Stores the user's state, replacing any previous one. */
    void save(UserState state);
}
