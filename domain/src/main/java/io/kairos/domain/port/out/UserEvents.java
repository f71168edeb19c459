package io.kairos.domain.port.out;

import io.kairos.domain.event.UserEvent;
import java.util.List;
import java.util.Objects;

/**
 * One user's archived events of a period, in event-time order (ties by event id): what the nightly job feeds to
 * {@link io.kairos.domain.port.in.DecisionEngine#onUserPeriod}.
 */
public record UserEvents(String userId, List<UserEvent> events) {

    public UserEvents {
        Objects.requireNonNull(userId, "userId");
        events = List.copyOf(events);
    }
}
