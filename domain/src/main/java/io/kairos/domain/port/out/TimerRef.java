package io.kairos.domain.port.out;

import java.util.Objects;

/** Names one pending timer: the user and the timer's key. */
public record TimerRef(String userId, String key) {

    public TimerRef {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(key, "key");
    }
}
