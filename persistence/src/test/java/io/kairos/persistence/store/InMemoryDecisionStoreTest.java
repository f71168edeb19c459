package io.kairos.persistence.store;

import io.kairos.domain.port.out.DecisionStore;
import io.kairos.domain.port.out.inmemory.InMemoryDecisionStore;

/** The {@link DecisionStore} contract against the in-memory fake. */
class InMemoryDecisionStoreTest extends DecisionStoreContract {

    @Override
    DecisionStore emptyStore() {
        return new InMemoryDecisionStore();
    }
}
