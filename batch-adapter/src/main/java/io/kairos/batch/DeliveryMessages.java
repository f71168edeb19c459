package io.kairos.batch;

import io.kairos.domain.decision.Decision;
import io.kairos.domain.port.out.OutboxMessage;

/**
 * Turns a delivered batch decision into the outbox message the decision publisher sends: the topic and the wire
 * format belong to the app and the streaming adapter, which the batch adapter does not see.
 */
@FunctionalInterface
public interface DeliveryMessages {

    /** The message delivering {@code decision} (status delivered). */
    OutboxMessage messageFor(Decision decision);
}
