package io.kairos.domain.port.out;

import java.util.Objects;
import java.util.UUID;

/**
 * A decision waiting to be published to a delivery topic; at most one message per decision.
 *
 * @param decisionId the decision, also the deduplication key of the topic's consumers
 * @param topic the topic to publish to
 * @param key the record key (the user id, so one user's messages stay ordered)
 * @param payload the record value, already in the topic's wire format
 */
public record OutboxMessage(UUID decisionId, String topic, String key, String payload) {

    public OutboxMessage {
        Objects.requireNonNull(decisionId, "decisionId");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(payload, "payload");
    }
}
