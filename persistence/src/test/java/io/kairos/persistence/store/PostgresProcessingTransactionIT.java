package io.kairos.persistence.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kairos.domain.port.out.OutboxMessage;
import io.kairos.domain.port.out.PollBatchWrites;
import io.kairos.domain.port.out.ProcessingTransaction;
import io.kairos.persistence.TestDatabase;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;

/** The {@link ProcessingTransaction} contract against PostgreSQL, plus a failure only a database can produce. */
class PostgresProcessingTransactionIT extends ProcessingTransactionContract {

    private DSLContext db;

    @Override
    Stores emptyStores() {
        db = TestDatabase.shared();
        TestDatabase.empty(db);
        EventPartitions partitions = EventPartitions.standard(db);
        return new Stores(
                new PostgresProcessingTransaction(db, partitions),
                new PostgresEventArchive(db, partitions),
                new PostgresUserStateStore(db),
                new PostgresTimerStore(db),
                new PostgresDecisionStore(db),
                new PostgresDecisionOutbox(db),
                new PostgresOffsetStore(db));
    }

    @Test
    void givenBatchWhoseOutboxRowTheDatabaseRejects_whenCommitted_thenTheEarlierWritesAreRolledBackToo() {
        PollBatchWrites batch = aPollBatch();
        OutboxMessage tooLongTopic = new OutboxMessage(batch.decisions().get(0).id(), "t".repeat(201), "u-1", "{}");

        assertThatThrownBy(() -> new PostgresProcessingTransaction(db, EventPartitions.standard(db))
                        .commit(batch.withOutbox(List.of(tooLongTopic))))
                .isInstanceOf(DataAccessException.class);

        for (String table : List.of(
                "user_event", "user_state", "pending_timer", "decision", "decision_outbox", "consumer_offset")) {
            assertThat(db.fetchCount(db.selectFrom(table))).as(table).isZero();
        }
    }
}
