package io.kairos.persistence.store;

import io.kairos.domain.port.out.UserStateStore;
import io.kairos.domain.port.out.inmemory.InMemoryUserStateStore;

/** The {@link UserStateStore} contract against the in-memory fake. */
class InMemoryUserStateStoreTest extends UserStateStoreContract {

    @Override
    UserStateStore emptyStore() {
        return new InMemoryUserStateStore();
    }
}
