package io.kairos.persistence.store;

import io.kairos.domain.port.out.ConsumedOffset;
import io.kairos.domain.port.out.PollBatchWrites;
import io.kairos.domain.port.out.ProcessingTransaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jooq.DSLContext;

/**
 * The unit of work in PostgreSQL: one JDBC transaction per poll batch and three round trips whatever its size. The
 * events go first, by COPY (see {@link PostgresEventArchive}: if the batch holds a re-delivered event, the
 * transaction is run again with the staging path). Everything else is one statement: states, timer changes,
 * decisions and outbox messages are data-modifying common table expressions that each unnest one array per column,
 * and the offsets' fenced advance is the last one, whose returned rows show whether an offset was stale (then
 * {@link io.kairos.domain.port.out.StaleOffsetException} rolls everything back). Then the commit.
 */
public final class PostgresProcessingTransaction implements ProcessingTransaction {

    private final DSLContext db;
    private final EventPartitions partitions;
    private final String experimentKey;

    /**
     * A unit of work on {@code db} writing {@code experimentKey}'s streaming state and timers, creating archive
     * partitions through {@code partitions}.
     */
    public PostgresProcessingTransaction(DSLContext db, EventPartitions partitions, String experimentKey) {
        this.db = Objects.requireNonNull(db, "db");
        this.partitions = Objects.requireNonNull(partitions, "partitions");
        this.experimentKey = Objects.requireNonNull(experimentKey, "experimentKey");
    }

    @Override
    public void commit(PollBatchWrites writes) {
        partitions.prepareFor(writes.events());
        byte[] rows = writes.events().isEmpty() ? null : EventCopyFormat.encode(writes.events());
        try {
            db.transaction(configuration -> configuration.dsl().connection(connection -> {
                if (rows != null) {
                    PostgresEventArchive.copyDirect(connection, rows);
                }
                writeAllButEvents(connection, writes, experimentKey);
            }));
        } catch (PostgresEventArchive.AlreadyArchived e) {
            db.transaction(configuration -> configuration.dsl().connection(connection -> {
                PostgresEventArchive.copyThroughStaging(connection, rows);
                writeAllButEvents(connection, writes, experimentKey);
            }));
        }
    }

    private static void writeAllButEvents(Connection connection, PollBatchWrites writes, String experimentKey)
            throws SQLException {
        List<BulkWrite> parts = new ArrayList<>();
        addIfAny(parts, PostgresUserStateStore.upsertOf(connection, experimentKey, writes.states()));
        addIfAny(parts, PostgresTimerStore.deleteOf(connection, experimentKey, writes.timersCancelled()));
        addIfAny(parts, PostgresTimerStore.upsertOf(connection, experimentKey, writes.timersScheduled()));
        addIfAny(parts, PostgresDecisionStore.insertOf(connection, writes.decisions(), writes.ingestTimes()));
        addIfAny(parts, PostgresDecisionOutbox.insertOf(connection, writes.outbox()));
        List<ConsumedOffset> offsets = PostgresOffsetStore.latestPerPartition(writes.offsets());
        if (parts.isEmpty() && offsets.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder("with ");
        for (int i = 0; i < parts.size(); i++) {
            sql.append("write_")
                    .append(i)
                    .append(" as (")
                    .append(parts.get(i).sql())
                    .append("), ");
        }
        BulkWrite advance = offsets.isEmpty() ? null : PostgresOffsetStore.upsertOf(connection, offsets);
        if (advance == null) {
            sql.setLength(sql.length() - 2);
            sql.append(" select 1");
        } else {
            sql.append(advance.sql()).append(" ").append(PostgresOffsetStore.ADVANCED);
        }
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            int index = 1;
            for (BulkWrite part : parts) {
                index = part.bind(statement, index);
            }
            if (advance != null) {
                advance.bind(statement, index);
            }
            try (ResultSet advanced = statement.executeQuery()) {
                if (advance != null) {
                    PostgresOffsetStore.rejectStale(connection, offsets, advanced);
                }
            }
        }
    }

    private static void addIfAny(List<BulkWrite> parts, BulkWrite write) {
        if (write != null) {
            parts.add(write);
        }
    }
}
