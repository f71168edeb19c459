package io.kairos.persistence.store;

import io.kairos.domain.port.out.BatchProfileStore;
import io.kairos.domain.port.out.inmemory.InMemoryBatchProfileStore;

/** The {@link BatchProfileStore} contract against the in-memory fake. */
class InMemoryBatchProfileStoreTest extends BatchProfileStoreContract {

    @Override
    BatchProfileStore emptyStore() {
        return new InMemoryBatchProfileStore();
    }
}
