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
 * Consumed offsets in PostgreSQL ({@code consumer_offset}). The upsert only moves an offset forward; the row lock
 * it takes serialises a zombie consumer behind the partition's new owner, and a rewind fails the transaction.
 */
public final class PostgresOffsetStore implements OffsetStore {

    private static final String UPSERT = "insert into consumer_offset (consumer_group, topic, partition_no,"
            + " next_offset, committed_at) select o.consumer_group, o.topic, o.partition_no, o.next_offset, now()"
            + " from unnest(?::text[], ?::text[], ?::int4[], ?::int8[])"
            + " as o(consumer_group, topic, partition_no, next_offset)"
            + " on conflict on constraint consumer_offset_pk do update set next_offset = excluded.next_offset,"
            + " committed_at = excluded.committed_at where consumer_offset.next_offset <= excluded.next_offset"
            + " returning consumer_group, topic, partition_no";
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
     * Moves offsets forward in one statement, inside the caller's transaction; throws {@link StaleOffsetException}
     * (the caller rolls back) if one of them is behind the stored offset. When a partition appears twice the last
     * offset wins.
     */
    static void upsert(Connection connection, Collection<ConsumedOffset> offsets) throws SQLException {
        List<ConsumedOffset> latest = latestPerPartition(offsets);
        if (latest.isEmpty()) {
            return;
        }
        BulkWrite write = upsertOf(connection, latest);
        try (PreparedStatement statement = connection.prepareStatement(write.sql())) {
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
     * The forward-only upsert of offsets (one per partition) as one bulk write; it returns the group, topic and
     * partition of every offset it stored, for {@link #rejectStale}.
     */
    static BulkWrite upsertOf(Connection connection, List<ConsumedOffset> offsets) throws SQLException {
        List<String> groups = new ArrayList<>();
        List<String> topics = new ArrayList<>();
        List<Integer> partitions = new ArrayList<>();
        List<Long> nextOffsets = new ArrayList<>();
        for (ConsumedOffset offset : offsets) {
            groups.add(offset.consumerGroup());
            topics.add(offset.topic());
            partitions.add(offset.partition());
            nextOffsets.add(offset.nextOffset());
        }
        return new BulkWrite(
                UPSERT,
                List.of(
                        Rows.texts(connection, groups),
                        Rows.texts(connection, topics),
                        Rows.ints(connection, partitions),
                        Rows.longs(connection, nextOffsets)));
    }

    /** Throws {@link StaleOffsetException} for the first offset the upsert did not store (it was behind). */
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
                row.next();
                return row.getLong(1);
            }
        }
    }
}
