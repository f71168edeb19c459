package io.kairos.persistence.store;

import io.kairos.domain.port.out.OffsetStore;
import io.kairos.domain.port.out.inmemory.InMemoryOffsetStore;

/** The {@link OffsetStore} contract against the in-memory fake. */
class InMemoryOffsetStoreTest extends OffsetStoreContract {

    @Override
    OffsetStore emptyStore() {
        return new InMemoryOffsetStore();
    }
}
