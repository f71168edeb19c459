package io.kairos.persistence.store;

import io.kairos.domain.port.out.BatchProfileStore;
import io.kairos.persistence.TestDatabase;
import org.jooq.DSLContext;

/** The {@link BatchProfileStore} contract against PostgreSQL. */
class PostgresBatchProfileStoreIT extends BatchProfileStoreContract {

    @Override
    BatchProfileStore emptyStore() {
        DSLContext db = TestDatabase.shared();
        TestDatabase.empty(db);
        return new PostgresBatchProfileStore(db);
    }
}
