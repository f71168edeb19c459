package io.kairos.persistence.store;

import io.kairos.domain.port.out.TimerStore;
import io.kairos.domain.port.out.inmemory.InMemoryTimerStore;

/** The {@link TimerStore} contract against the in-memory fake. */
class InMemoryTimerStoreTest extends TimerStoreContract {

    @Override
    TimerStore emptyStore() {
        return new InMemoryTimerStore();
    }
}
