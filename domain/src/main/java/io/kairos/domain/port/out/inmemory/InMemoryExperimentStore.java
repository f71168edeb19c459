package io.kairos.domain.port.out.inmemory;

import io.kairos.domain.experiment.Experiment;
import io.kairos.domain.port.out.ExperimentStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Experiments in a hash map: the fake for tests. Not thread-safe. */
public final class InMemoryExperimentStore implements ExperimentStore {

    private final Map<String, Experiment> experiments = new HashMap<>();

    @Override
    public void define(Experiment experiment) {
        Experiment stored = experiments.putIfAbsent(experiment.key(), experiment);
        if (stored != null && !stored.equals(experiment)) {
            throw new ExperimentConflict(stored, experiment);
        }
    }

    @Override
    public Optional<Experiment> find(String key) {
        return Optional.ofNullable(experiments.get(key));
    }
}
