package io.kairos.domain.port.out.inmemory;

import io.kairos.domain.port.out.TimerStore;
import io.kairos.domain.port.out.TimerStoreContract;

class InMemoryTimerStoreTest extends TimerStoreContract {

    @Override
    protected TimerStore newStore() {
        return new InMemoryTimerStore();
    }
}
