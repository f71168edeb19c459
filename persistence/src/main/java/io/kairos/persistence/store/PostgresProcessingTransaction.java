package io.kairos.persistence.store;

import io.kairos.domain.port.out.PollBatchWrites;
import io.kairos.domain.port.out.ProcessingTransaction;
import java.util.Objects;
import org.jooq.DSLContext;

/**
 * The unit of work in PostgreSQL: one JDBC transaction per poll batch, one statement per kind of write (COPY for
 * events, an unnest-based multi-row statement for each of the others), so a batch costs about ten round trips
 * whatever its size. Offsets go last: a stale one rolls back everything before it.
 */
public final class PostgresProcessingTransaction implements ProcessingTransaction {

    private final DSLContext db;
    private final EventPartitions partitions;

    /** A unit of work on {@code db}, creating archive partitions through {@code partitions}. */
    public PostgresProcessingTransaction(DSLContext db, EventPartitions partitions) {
        this.db = Objects.requireNonNull(db, "db");
        this.partitions = Objects.requireNonNull(partitions, "partitions");
    }

    @Override
    public void commit(PollBatchWrites writes) {
        partitions.prepareFor(writes.events());
        db.transaction(configuration -> configuration.dsl().connection(connection -> {
            PostgresEventArchive.write(connection, writes.events());
            PostgresUserStateStore.upsert(connection, writes.states());
            PostgresTimerStore.delete(connection, writes.timersCancelled());
            PostgresTimerStore.upsert(connection, writes.timersScheduled());
            PostgresDecisionStore.insert(connection, writes.decisions());
            PostgresDecisionOutbox.insert(connection, writes.outbox());
            PostgresOffsetStore.upsert(connection, writes.offsets());
        }));
    }
}
