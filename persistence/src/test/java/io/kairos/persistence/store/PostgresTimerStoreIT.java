package io.kairos.persistence.store;

import io.kairos.domain.port.out.TimerStore;
import io.kairos.persistence.TestDatabase;
import org.jooq.DSLContext;

/** The {@link TimerStore} contract against PostgreSQL. */
class PostgresTimerStoreIT extends TimerStoreContract {

    @Override
    TimerStore emptyStore() {
        DSLContext db = TestDatabase.shared();
        TestDatabase.empty(db);
        return new PostgresTimerStore(db, "exp");
    }
}
