package io.kairos.persistence.store;

import static io.kairos.persistence.jooq.Tables.DECISION_OUTBOX;

import io.kairos.domain.port.out.DecisionOutbox;
import io.kairos.domain.port.out.OutboxMessage;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The decision outbox in PostgreSQL ({@code decision_outbox}): queued in the producing transaction, read oldest
 * first by the publisher through a partial index over the unpublished rows.
 */
public final class PostgresDecisionOutbox implements DecisionOutbox {

    private static final String INSERT = "insert into decision_outbox (decision_id, topic, message_key, payload)"
            + " select m.decision_id, m.topic, m.message_key, m.payload"
            + " from unnest(?::uuid[], ?::text[], ?::text[], ?::text[]) with ordinality"
            + " as m(decision_id, topic, message_key, payload, position) order by m.position"
            + " on conflict on constraint decision_outbox_decision_uk do nothing";
    private static final String COPY = "copy decision_outbox (decision_id, topic, message_key, payload) from stdin";

    private final DSLContext db;

    /** An outbox reading and writing through {@code db}. */
    public PostgresDecisionOutbox(DSLContext db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /**
     * Queues messages through an optimistic COPY, in list order: they are almost always new (the nightly job queues
     * each delivered decision once), so the rows go straight into the table; when a decision is already queued (a
     * re-run, a restart) the COPY is undone and the messages are inserted with {@code ON CONFLICT DO NOTHING}.
     */
    @Override
    public void enqueue(List<OutboxMessage> messages) {
        if (messages.isEmpty()) {
            return;
        }
        CopyRows rows = new CopyRows(messages.size() * 256);
        for (OutboxMessage message : messages) {
            rows.uuid(message.decisionId())
                    .text(message.topic())
                    .text(message.key())
                    .text(message.payload())
                    .endRow();
        }
        db.connection(connection -> rows.copyOrElse(connection, COPY, c -> insert(c, messages)));
    }

    @Override
    public List<OutboxMessage> unpublished(int limit) {
        return db.select(
                        DECISION_OUTBOX.DECISION_ID,
                        DECISION_OUTBOX.TOPIC,
                        DECISION_OUTBOX.MESSAGE_KEY,
                        DECISION_OUTBOX.PAYLOAD)
                .from(DECISION_OUTBOX)
                .where(DECISION_OUTBOX.PUBLISHED_AT.isNull())
                .orderBy(DECISION_OUTBOX.OUTBOX_ID)
                .limit(limit)
                .fetch(row -> new OutboxMessage(row.value1(), row.value2(), row.value3(), row.value4()));
    }

    @Override
    public void markPublished(Collection<UUID> decisionIds) {
        if (decisionIds.isEmpty()) {
            return;
        }
        db.update(DECISION_OUTBOX)
                .set(DECISION_OUTBOX.PUBLISHED_AT, DSL.currentOffsetDateTime())
                .where(DECISION_OUTBOX.DECISION_ID.in(decisionIds))
                .and(DECISION_OUTBOX.PUBLISHED_AT.isNull())
                .execute();
    }

    /** Queues messages in one statement, in list order; messages of decisions already queued are skipped. */
    static void insert(Connection connection, Collection<OutboxMessage> messages) throws SQLException {
        BulkWrite write = insertOf(connection, messages);
        if (write != null) {
            write.execute(connection);
        }
    }

    /** The queueing of these messages as one bulk write, or null if there are none. */
    static BulkWrite insertOf(Connection connection, Collection<OutboxMessage> messages) throws SQLException {
        if (messages.isEmpty()) {
            return null;
        }
        List<UUID> ids = new ArrayList<>();
        List<String> topics = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<String> payloads = new ArrayList<>();
        for (OutboxMessage message : messages) {
            ids.add(message.decisionId());
            topics.add(message.topic());
            keys.add(message.key());
            payloads.add(message.payload());
        }
        return new BulkWrite(
                INSERT,
                List.of(
                        Rows.uuids(connection, ids),
                        Rows.texts(connection, topics),
                        Rows.texts(connection, keys),
                        Rows.texts(connection, payloads)));
    }
}
