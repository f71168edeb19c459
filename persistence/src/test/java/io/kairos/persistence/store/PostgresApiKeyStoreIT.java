package io.kairos.persistence.store;

import io.kairos.domain.port.out.ApiKeyStore;
import io.kairos.persistence.TestDatabase;
import org.jooq.DSLContext;

/** The {@link ApiKeyStore} contract against PostgreSQL. */
class PostgresApiKeyStoreIT extends ApiKeyStoreContract {

    @Override
    ApiKeyStore emptyStore() {
        DSLContext db = TestDatabase.shared();
        db.execute("truncate api_key");
        return new PostgresApiKeyStore(db);
    }
}
