package io.kairos.persistence.store;

import io.kairos.domain.port.out.PendingTimerSnapshots;
import io.kairos.domain.port.out.inmemory.InMemoryPendingTimerSnapshots;

/** The {@link PendingTimerSnapshots} contract against the in-memory fake. */
class InMemoryPendingTimerSnapshotsTest extends PendingTimerSnapshotsContract {

    @Override
    PendingTimerSnapshots emptySnapshots() {
        return new InMemoryPendingTimerSnapshots();
    }
}
