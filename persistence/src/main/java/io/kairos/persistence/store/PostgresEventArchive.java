package io.kairos.persistence.store;

import io.kairos.domain.event.UserEvent;
import io.kairos.domain.port.out.EventArchive;
import io.kairos.domain.port.out.UserEvents;
import io.kairos.domain.port.out.UserHashRange;
import io.kairos.persistence.codec.EventJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import org.jooq.DSLContext;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The event archive in PostgreSQL: appends through COPY, reads a period back through a server-side cursor.
 *
 * <p>Appending is optimistic: the batch is COPYed straight into {@code user_event}. Re-deliveries are rare (a
 * consumer restart), so that almost always succeeds at the full speed of COPY. When the batch holds an event already
 * archived (or the same event twice) the unique key rejects the COPY; the writer rolls the transaction back and
 * runs it again, this time COPYing the batch into a temporary staging table and inserting from there with {@code ON
 * CONFLICT DO NOTHING}, which archives exactly the new events.
 */
public final class PostgresEventArchive implements EventArchive {

    /** Rows fetched per cursor round trip when reading a period. */
    static final int FETCH_SIZE = 2_000;

    /**
     * How the reading transaction plans its query. A cursor makes PostgreSQL favour plans that return the first rows
     * fast (an index scan in user order, which visits the table's pages at random), but the reader always reads the
     * whole period: telling the planner so gets a sequential scan and one sort, in memory up to {@code work_mem}
     * (about 160 bytes per event, so a partition of a million events sorts in memory).
     */
    private static final String READ_SETTINGS = "set local cursor_tuple_fraction = 1; set local work_mem = '256MB'";

    private static final String UNIQUE_VIOLATION = "23505";
    private static final String COPY_INTO_ARCHIVE = "copy user_event (" + EventCopyFormat.COLUMNS + ") from stdin";
    private static final String COPY_INTO_STAGING =
            "copy user_event_incoming (" + EventCopyFormat.COLUMNS + ") from stdin";
    private static final String READ_PERIOD = "select event_id, user_id, occurred_at, session_id, event_type,"
            + " properties::text from user_event where occurred_at >= ? and occurred_at < ?"
            + " order by user_id, occurred_at, event_id";
    private static final String READ_PERIOD_OF_BUCKETS = "select event_id, user_id, occurred_at, session_id,"
            + " event_type, properties::text from user_event where occurred_at >= ? and occurred_at < ?"
            + " and user_bucket >= ? and user_bucket < ? order by user_id, occurred_at, event_id";

    private final DSLContext db;
    private final EventPartitions partitions;

    /** An archive writing through {@code db}, creating partitions through {@code partitions}. */
    public PostgresEventArchive(DSLContext db, EventPartitions partitions) {
        this.db = Objects.requireNonNull(db, "db");
        this.partitions = Objects.requireNonNull(partitions, "partitions");
    }

    @Override
    public int append(List<UserEvent> events) {
        if (events.isEmpty()) {
            return 0;
        }
        partitions.prepareFor(events);
        byte[] rows = EventCopyFormat.encode(events);
        try {
            return db.transactionResult(
                    configuration -> configuration.dsl().connectionResult(connection -> copyDirect(connection, rows)));
        } catch (AlreadyArchived e) {
            return db.transactionResult(configuration ->
                    configuration.dsl().connectionResult(connection -> copyThroughStaging(connection, rows)));
        }
    }

    /**
     * The fast path: COPYs encoded rows straight into the archive and returns their number. If the key rejects them
     * it throws {@link AlreadyArchived}; the transaction is then aborted, and the caller retries it with {@link
     * #copyThroughStaging}. Callers make it the first statement of their transaction so the retry repeats nothing
     * else.
     */
    static int copyDirect(Connection connection, byte[] rows) throws SQLException {
        try {
            return (int) copy(connection, COPY_INTO_ARCHIVE, rows);
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new AlreadyArchived(e);
            }
            throw e;
        }
    }

    /** The re-delivery path: COPYs into a staging table and archives only the rows not archived yet. */
    static int copyThroughStaging(Connection connection, byte[] rows) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("create temp table if not exists user_event_incoming"
                    + " (like user_event including defaults) on commit delete rows");
            copy(connection, COPY_INTO_STAGING, rows);
            int inserted = statement.executeUpdate(
                    "insert into user_event (" + EventCopyFormat.COLUMNS + ") select " + EventCopyFormat.COLUMNS
                            + " from user_event_incoming on conflict (occurred_at, event_id) do nothing");
            statement.execute("truncate user_event_incoming");
            return inserted;
        }
    }

    /** The direct COPY met an event already archived (or one event twice): retry through staging. */
    static final class AlreadyArchived extends RuntimeException {
        AlreadyArchived(SQLException cause) {
            super("the batch holds events already archived", cause);
        }
    }

    private static long copy(Connection connection, String sql, byte[] rows) throws SQLException {
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        try {
            return copy.copyIn(sql, new ByteArrayInputStream(rows), 1 << 16);
        } catch (IOException e) {
            throw new UncheckedIOException("COPY from memory failed", e);
        }
    }

    @Override
    public void readByUser(Instant from, Instant until, UserHashRange users, Consumer<UserEvents> perUser) {
        db.transaction(configuration -> configuration.dsl().connection(connection -> {
            try (Statement settings = connection.createStatement()) {
                settings.execute(READ_SETTINGS);
            }
            try (PreparedStatement statement =
                    connection.prepareStatement(users.isAll() ? READ_PERIOD : READ_PERIOD_OF_BUCKETS)) {
                statement.setFetchSize(FETCH_SIZE);
                statement.setObject(1, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
                statement.setObject(2, OffsetDateTime.ofInstant(until, ZoneOffset.UTC));
                if (!users.isAll()) {
                    statement.setInt(3, users.from());
                    statement.setInt(4, users.to());
                }
                try (ResultSet rows = statement.executeQuery()) {
                    String user = null;
                    List<UserEvent> events = new ArrayList<>();
                    while (rows.next()) {
                        UserEvent event = event(rows);
                        if (user != null && !user.equals(event.userId())) {
                            perUser.accept(new UserEvents(user, events));
                            events = new ArrayList<>();
                        }
                        user = event.userId();
                        events.add(event);
                    }
                    if (user != null) {
                        perUser.accept(new UserEvents(user, events));
                    }
                }
            }
        }));
    }

    private static UserEvent event(ResultSet row) throws SQLException {
        String type = row.getString(5);
        return new UserEvent(
                row.getObject(1, UUID.class),
                row.getString(2),
                row.getObject(3, OffsetDateTime.class).toInstant(),
                row.getString(4),
                EventJson.properties(type, row.getString(6)));
    }
}
