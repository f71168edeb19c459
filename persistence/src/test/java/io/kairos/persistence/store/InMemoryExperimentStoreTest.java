package io.kairos.persistence.store;

import io.kairos.domain.port.out.ExperimentStore;
import io.kairos.domain.port.out.inmemory.InMemoryExperimentStore;

/** The {@link ExperimentStore} contract against the in-memory fake. */
class InMemoryExperimentStoreTest extends ExperimentStoreContract {

    @Override
    ExperimentStore emptyStore() {
        return new InMemoryExperimentStore();
    }
}
