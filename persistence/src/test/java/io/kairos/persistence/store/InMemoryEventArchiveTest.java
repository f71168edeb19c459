package io.kairos.persistence.store;

import io.kairos.domain.port.out.EventArchive;
import io.kairos.domain.port.out.inmemory.InMemoryEventArchive;

/** The {@link EventArchive} contract against the in-memory fake. */
class InMemoryEventArchiveTest extends EventArchiveContract {

    @Override
    EventArchive emptyArchive() {
        return new InMemoryEventArchive();
    }
}
