package io.kairos.persistence.store;

import io.kairos.domain.port.out.DecisionOutbox;
import io.kairos.persistence.TestDatabase;
import org.jooq.DSLContext;

/** The {@link DecisionOutbox} contract against PostgreSQL. */
class PostgresDecisionOutboxIT extends DecisionOutboxContract {

    @Override
    DecisionOutbox emptyOutbox() {
        DSLContext db = TestDatabase.shared();
        TestDatabase.empty(db);
        return new PostgresDecisionOutbox(db);
    }
}
