package io.kairos.domain.port.out.inmemory;

import io.kairos.domain.decision.Decision;
import io.kairos.domain.experiment.Mode;
import io.kairos.domain.port.out.DecisionStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Decisions in a hash map keyed by id and mode: the fake for tests and benchmarks. Not thread-safe. */
public final class InMemoryDecisionStore implements DecisionStore {

    private record Key(UUID id, Mode mode) {}

    private final Map<Key, Decision> decisions = new LinkedHashMap<>();

    @Override
    public void record(List<Decision> batch) {
        for (Decision decision : batch) {
            decisions.putIfAbsent(new Key(decision.id(), decision.mode()), decision);
        }
    }

    @Override
    public Optional<Decision> find(UUID id, Mode mode) {
        return Optional.ofNullable(decisions.get(new Key(id, mode)));
    }

    @Override
    public List<Decision> deliveredBetween(String experimentKey, Instant from, Instant until) {
        List<Decision> delivered = new ArrayList<>();
        for (Decision decision : decisions.values()) {
            Instant at = decision.deliveredAt();
            if (decision.experimentKey().equals(experimentKey)
                    && at != null
                    && !at.isBefore(from)
                    && at.isBefore(until)) {
                delivered.add(decision);
            }
        }
        delivered.sort(Comparator.comparing(Decision::deliveredAt).thenComparing(Decision::id));
        return delivered;
    }

    /** Number of decisions recorded. */
    public int size() {
        return decisions.size();
    }
}
