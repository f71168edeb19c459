package io.kairos.persistence.store;

import io.kairos.domain.port.out.OffsetStore;
import io.kairos.persistence.TestDatabase;
import org.jooq.DSLContext;

/** The {@link OffsetStore} contract against PostgreSQL. */
class PostgresOffsetStoreIT extends OffsetStoreContract {

    @Override
    OffsetStore emptyStore() {
        DSLContext db = TestDatabase.shared();
        TestDatabase.empty(db);
        return new PostgresOffsetStore(db);
    }
}
