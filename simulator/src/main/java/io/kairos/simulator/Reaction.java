package io.kairos.simulator;

import io.kairos.domain.event.UserEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * An event a delivered message caused (open, click, the landing page view, the purchase visit), kept to check
 * causality: its time is always strictly after the delivery.
 */
public record Reaction(UUID decisionId, String userId, Instant deliveredAt, UserEvent event) {

    /** Whether the event comes strictly after the delivery it reacts to. */
    public boolean followsDelivery() {
        return event.occurredAt().isAfter(deliveredAt);
    }
}
