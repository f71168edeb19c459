package io.kairos.persistence.store;

import io.kairos.domain.port.out.PollBatchReads;
import io.kairos.persistence.TestDatabase;
import org.jooq.DSLContext;

/** The {@link PollBatchReads} contract against PostgreSQL. */
class PostgresPollBatchReadsIT extends PollBatchReadsContract {

    @Override
    Stores emptyStores() {
        DSLContext db = TestDatabase.shared();
        TestDatabase.empty(db);
        return new Stores(
                new PostgresPollBatchReads(db, "exp"),
                new PostgresUserStateStore(db, "exp"),
                new PostgresTimerStore(db, "exp"));
    }
}
