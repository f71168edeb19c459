package io.kairos.domain.port.out.inmemory;

import io.kairos.domain.port.out.UserStateStore;
import io.kairos.domain.port.out.UserStateStoreContract;

class InMemoryUserStateStoreTest extends UserStateStoreContract {

    @Override
    protected UserStateStore newStore() {
        return new InMemoryUserStateStore();
    }
}
