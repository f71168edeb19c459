package io.kairos.persistence.store;

import static io.kairos.persistence.jooq.Tables.DECISION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kairos.domain.decision.Decision;
import io.kairos.domain.port.out.OutboxMessage;
import io.kairos.domain.port.out.PollBatchWrites;
import io.kairos.domain.port.out.ProcessingTransaction;
import io.kairos.persistence.TestDatabase;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
    void givenIngestTimeForOneDecision_whenCommitted_thenItIsStoredAndTheOthersHaveNone() {
        PollBatchWrites batch = aPollBatch();
        assertThat(batch.decisions()).hasSizeGreaterThan(1);
        Decision timed = batch.decisions().get(0);
        Instant ingested = Instant.parse("2026-11-28T10:00:00.123Z");

        new PostgresProcessingTransaction(db, EventPartitions.standard(db))
                .commit(batch.withIngestTimes(Map.of(timed.id(), ingested)));

        Map<UUID, OffsetDateTime> stored = db.select(DECISION.DECISION_ID, DECISION.INGESTED_AT)
                .from(DECISION)
                .fetchMap(DECISION.DECISION_ID, DECISION.INGESTED_AT);
        assertThat(stored.get(timed.id()).toInstant()).isEqualTo(ingested);
        assertThat(stored).hasSize(batch.decisions().size());
        batch.decisions().stream()
                .skip(1)
                .forEach(other -> assertThat(stored.get(other.id())).isNull());
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
