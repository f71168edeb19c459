package io.kairos.persistence.store;

import io.kairos.domain.port.out.PendingTimerSnapshots;
import io.kairos.persistence.TestDatabase;
import org.jooq.DSLContext;

/** The {@link PendingTimerSnapshots} contract against PostgreSQL. */
class PostgresPendingTimerSnapshotsIT extends PendingTimerSnapshotsContract {

    @Override
    PendingTimerSnapshots emptySnapshots() {
        DSLContext db = TestDatabase.shared();
        TestDatabase.empty(db);
        return new PostgresPendingTimerSnapshots(db);
    }
}
