package io.kairos.persistence.store;

import static io.kairos.persistence.jooq.Tables.CONSUMER_OFFSET;

import io.kairos.domain.port.out.ConsumedOffset;
import io.kairos.domain.port.out.OffsetStore;
import io.kairos.domain.port.out.StaleOffsetException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jooq.DSLContext;

/**
 * Consumed offsets in PostgreSQL ({@code consumer_offset}). A write applies only where the stored offset is the one
 * the writer continues from ({@link ConsumedOffset#storedBefore()}); otherwise the transaction fails with {@link
 * StaleOffsetException}.
 */
public final class PostgresOffsetStore implements OffsetStore {

    /**
     * The fenced advance, as common table expressions of one statement (data-modifying ones must be at its top
     * level): an existing row moves only if it still holds the offset the writer continues from (the row lock
     * serialises a zombie behind the partition's new owner, and the re-check after the lock then fails it), and a row
     * is inserted only for a writer that found none. {@link #ADVANCED} lists the rows written.
     */
    static final String ADVANCE_CTES = "offset_claim as (select * from unnest(?::text[], ?::text[], ?::int4[],"
            + " ?::int8[], ?::int8[]) as o(consumer_group, topic, partition_no, next_offset, stored_before)),"
            + " offset_moved as (update consumer_offset c set next_offset = o.next_offset, committed_at = now()"
            + " from offset_claim o where c.consumer_group = o.consumer_group and c.topic = o.topic"
            + " and c.partition_no = o.partition_no and c.next_offset = o.stored_before"
            + " returning c.consumer_group, c.topic, c.partition_no),"
            + " offset_first as (insert into consumer_offset (consumer_group, topic, partition_no, next_offset,"
            + " committed_at) select consumer_group, topic, partition_no, next_offset, now() from offset_claim"
            + " where stored_before = " + ConsumedOffset.NONE_STORED
            + " on conflict on constraint consumer_offset_pk do nothing"
            + " returning consumer_group, topic, partition_no)";

    /** The query over {@link #ADVANCE_CTES} listing the group, topic and partition of every offset written. */
    static final String ADVANCED = "select consumer_group, topic, partition_no from offset_moved"
            + " union all select consumer_group, topic, partition_no from offset_first";

    private static final String STORED =
            "select next_offset from consumer_offset" + " where consumer_group = ? and topic = ? and partition_no = ?";

    private final DSLContext db;

    /** A store reading and writing through {@code db}. */
    public PostgresOffsetStore(DSLContext db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public List<ConsumedOffset> committed(String consumerGroup, String topic) {
        return db.select(CONSUMER_OFFSET.PARTITION_NO, CONSUMER_OFFSET.NEXT_OFFSET)
                .from(CONSUMER_OFFSET)
                .where(CONSUMER_OFFSET.CONSUMER_GROUP.eq(consumerGroup))
                .and(CONSUMER_OFFSET.TOPIC.eq(topic))
                .orderBy(CONSUMER_OFFSET.PARTITION_NO)
                .fetch(row -> new ConsumedOffset(consumerGroup, topic, row.value1(), row.value2()));
    }

    @Override
    public void save(List<ConsumedOffset> offsets) {
        db.transaction(configuration -> configuration.dsl().connection(connection -> upsert(connection, offsets)));
    }

    /**
     * Advances offsets in one statement, inside the caller's transaction; throws {@link StaleOffsetException} (the
     * caller rolls back) if one of them does not continue from the stored offset. When a partition appears twice the
     * last offset wins.
     */
    static void upsert(Connection connection, Collection<ConsumedOffset> offsets) throws SQLException {
        List<ConsumedOffset> latest = latestPerPartition(offsets);
        if (latest.isEmpty()) {
            return;
        }
        BulkWrite write = upsertOf(connection, latest);
        try (PreparedStatement statement = connection.prepareStatement("with " + write.sql() + " " + ADVANCED)) {
            write.bind(statement, 1);
            try (ResultSet advanced = statement.executeQuery()) {
                rejectStale(connection, latest, advanced);
            }
        }
    }

    /** The offsets to write: the last one given for each partition, in first-seen order. */
    static List<ConsumedOffset> latestPerPartition(Collection<ConsumedOffset> offsets) {
        Map<List<Object>, ConsumedOffset> latest = new LinkedHashMap<>();
        for (ConsumedOffset offset : offsets) {
            latest.put(keyOf(offset), offset);
        }
        return new ArrayList<>(latest.values());
    }

    /**
     * The fenced advance of offsets (one per partition) as one bulk write: its SQL is {@link #ADVANCE_CTES}, to be
     * followed by {@link #ADVANCED}, whose rows {@link #rejectStale} reads.
     */
    static BulkWrite upsertOf(Connection connection, List<ConsumedOffset> offsets) throws SQLException {
        List<String> groups = new ArrayList<>();
        List<String> topics = new ArrayList<>();
        List<Integer> partitions = new ArrayList<>();
        List<Long> nextOffsets = new ArrayList<>();
        List<Long> storedBefore = new ArrayList<>();
        for (ConsumedOffset offset : offsets) {
            storedBefore.add(offset.storedBefore());
            groups.add(offset.consumerGroup());
            topics.add(offset.topic());
            partitions.add(offset.partition());
            nextOffsets.add(offset.nextOffset());
        }
        return new BulkWrite(
                ADVANCE_CTES,
                List.of(
                        Rows.texts(connection, groups),
                        Rows.texts(connection, topics),
                        Rows.ints(connection, partitions),
                        Rows.longs(connection, nextOffsets),
                        Rows.longs(connection, storedBefore)));
    }

    /** Throws {@link StaleOffsetException} for the first offset the advance did not store (it was stale). */
    static void rejectStale(Connection connection, List<ConsumedOffset> offsets, ResultSet advanced)
            throws SQLException {
        Set<List<Object>> written = new HashSet<>();
        while (advanced.next()) {
            written.add(List.of(advanced.getString(1), advanced.getString(2), advanced.getInt(3)));
        }
        for (ConsumedOffset offset : offsets) {
            if (!written.contains(keyOf(offset))) {
                throw new StaleOffsetException(offset, stored(connection, offset));
            }
        }
    }

    private static List<Object> keyOf(ConsumedOffset offset) {
        return List.of(offset.consumerGroup(), offset.topic(), offset.partition());
    }

    private static long stored(Connection connection, ConsumedOffset offset) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(STORED)) {
            statement.setString(1, offset.consumerGroup());
            statement.setString(2, offset.topic());
            statement.setInt(3, offset.partition());
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? row.getLong(1) : ConsumedOffset.NONE_STORED;
            }
        }
    }
}
