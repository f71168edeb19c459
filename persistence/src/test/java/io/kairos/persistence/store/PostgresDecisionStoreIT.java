package io.kairos.persistence.store;

import io.kairos.domain.port.out.DecisionStore;
import io.kairos.persistence.TestDatabase;
import org.jooq.DSLContext;

/** The {@link DecisionStore} contract against PostgreSQL. */
class PostgresDecisionStoreIT extends DecisionStoreContract {

    @Override
    DecisionStore emptyStore() {
        DSLContext db = TestDatabase.shared();
        TestDatabase.empty(db);
        return new PostgresDecisionStore(db);
    }
}
