package io.kairos.persistence.store;

import io.kairos.domain.port.out.ApiKeyStore;
import io.kairos.domain.port.out.inmemory.InMemoryApiKeyStore;

/** The {@link ApiKeyStore} contract against the in-memory fake. */
class InMemoryApiKeyStoreTest extends ApiKeyStoreContract {

    @Override
    ApiKeyStore emptyStore() {
        return new InMemoryApiKeyStore();
    }
}
