package io.kairos.domain.port.out.inmemory;

import io.kairos.domain.port.out.DecisionOutbox;
import io.kairos.domain.port.out.OutboxMessage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The outbox in an insertion-ordered map: the fake for tests and benchmarks. Not thread-safe. */
public final class InMemoryDecisionOutbox implements DecisionOutbox {

    private final Map<UUID, OutboxMessage> messages = new LinkedHashMap<>();
    private final Set<UUID> published = new HashSet<>();

    @Override
    public void enqueue(List<OutboxMessage> batch) {
        for (OutboxMessage message : batch) {
            messages.putIfAbsent(message.decisionId(), message);
        }
    }

    @Override
    public List<OutboxMessage> unpublished(int limit) {
        List<OutboxMessage> pending = new ArrayList<>();
        for (OutboxMessage message : messages.values()) {
            if (pending.size() == limit) {
                break;
            }
            if (!published.contains(message.decisionId())) {
                pending.add(message);
            }
        }
        return pending;
    }

    @Override
    public void markPublished(Collection<UUID> decisionIds) {
        for (UUID id : decisionIds) {
            if (messages.containsKey(id)) {
                published.add(id);
            }
        }
    }
}
