package io.kairos.persistence.store;

import io.kairos.domain.port.out.EventArchive;
import io.kairos.persistence.TestDatabase;
import org.jooq.DSLContext;

/** The {@link EventArchive} contract against PostgreSQL. */
class PostgresEventArchiveIT extends EventArchiveContract {

    @Override
    EventArchive emptyArchive() {
        DSLContext db = TestDatabase.shared();
        TestDatabase.empty(db);
        return new PostgresEventArchive(db, EventPartitions.standard(db));
    }
}
