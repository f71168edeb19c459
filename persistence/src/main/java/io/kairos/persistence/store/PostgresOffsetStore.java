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
        if (offsets.isEmpty()) {
            return;
        }
        Map<List<Object>, ConsumedOffset> latest = new LinkedHashMap<>();
        for (ConsumedOffset offset : offsets) {
            latest.put(List.of(offset.consumerGroup(), offset.topic(), offset.partition()), offset);
        }
        List<String> groups = new ArrayList<>();
        List<String> topics = new ArrayList<>();
        List<Integer> partitions = new ArrayList<>();
        List<Long> nextOffsets = new ArrayList<>();
        for (ConsumedOffset offset : latest.values()) {
            groups.add(offset.consumerGroup());
            topics.add(offset.topic());
            partitions.add(offset.partition());
            nextOffsets.add(offset.nextOffset());
        }
        Set<List<Object>> written = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(UPSERT)) {
            statement.setArray(1, Rows.texts(connection, groups));
            statement.setArray(2, Rows.texts(connection, topics));
            statement.setArray(3, Rows.ints(connection, partitions));
            statement.setArray(4, Rows.longs(connection, nextOffsets));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    written.add(List.of(rows.getString(1), rows.getString(2), rows.getInt(3)));
                }
            }
        }
        for (Map.Entry<List<Object>, ConsumedOffset> entry : latest.entrySet()) {
            if (!written.contains(entry.getKey())) {
                throw new StaleOffsetException(entry.getValue(), stored(connection, entry.getValue()));
            }
        }
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
