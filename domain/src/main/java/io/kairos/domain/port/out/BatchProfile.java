package io.kairos.domain.port.out;

import io.kairos.domain.state.UserState;
import java.time.Instant;
import java.util.Objects;

/**
 * A user's state as the nightly job left it for one experiment: the fold of the user's events before {@code
 * cutoff}, the starting point of the next run.
 */
public record BatchProfile(String experimentKey, Instant cutoff, UserState state) {

    public BatchProfile {
        Objects.requireNonNull(experimentKey, "experimentKey");
        Objects.requireNonNull(cutoff, "cutoff");
        Objects.requireNonNull(state, "state");
    }

    /** The user the profile is about. */
    public String userId() {
        return state.userId();
    }
}
