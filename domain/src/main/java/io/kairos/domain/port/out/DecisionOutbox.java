package io.kairos.domain.port.out;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** Outbound port: the transactional outbox from which delivered decisions are published. */
public interface DecisionOutbox {

    /** Queues messages; a message for a decision already queued (published or not) is ignored. */
    void enqueue(List<OutboxMessage> messages);

    /** Up to {@code limit} messages not yet published, oldest first. */
    List<OutboxMessage> unpublished(int limit);

    /** Marks these decisions' messages as published; unknown ids are ignored. */
    void markPublished(Collection<UUID> decisionIds);
}
