package io.kairos.persistence.store;

import io.kairos.domain.port.out.UserStateStore;
import io.kairos.persistence.TestDatabase;
import org.jooq.DSLContext;

/** The {@link UserStateStore} contract against PostgreSQL. */
class PostgresUserStateStoreIT extends UserStateStoreContract {

    @Override
    UserStateStore emptyStore() {
        DSLContext db = TestDatabase.shared();
        TestDatabase.empty(db);
        return new PostgresUserStateStore(db, "exp");
    }
}
