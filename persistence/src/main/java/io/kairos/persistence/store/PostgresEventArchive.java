package io.kairos.persistence.store;

import io.kairos.domain.event.UserEvent;
import io.kairos.domain.port.out.EventArchive;
import io.kairos.domain.port.out.UserEvents;
import io.kairos.domain.port.out.UserHashRange;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The event archive in PostgreSQL: appends through COPY, reads a period back through COPY too, one slice of users at
 * a time (see {@link ArchivedPeriodSlice}).
 *
 * <p>Appending is optimistic: the batch is COPYed straight into {@code user_event}. Re-deliveries are rare (a
 * consumer restart), so that almost always succeeds at the full speed of COPY. When the batch holds an event already
 * archived (or the same event twice) the unique key rejects the COPY; the writer rolls the transaction back and
 * runs it again, this time COPYing the batch into a temporary staging table and inserting from there with {@code ON
 * CONFLICT DO NOTHING}, which archives exactly the new events.
 */
public final class PostgresEventArchive implements EventArchive {

    /**
     * The default bound of {@link #readByUser}'s memory: events of one read slice, about 130 bytes each as kept (so
     * about 260 MB per reading partition of the nightly job).
     */
    public static final long DEFAULT_MAX_EVENTS_IN_MEMORY = 2_000_000;

    private static final Pattern PLAN_ROWS = Pattern.compile("rows=(\\d+)");

    private static final String UNIQUE_VIOLATION = "23505";
    private static final String COPY_INTO_ARCHIVE = "copy user_event (" + EventCopyFormat.COLUMNS + ") from stdin";
    private static final String COPY_INTO_STAGING =
            "copy user_event_incoming (" + EventCopyFormat.COLUMNS + ") from stdin";

    private final DSLContext db;
    private final EventPartitions partitions;
    private final long maxEventsInMemory;
    private final SliceListener slicesRead;

    /**
     * An archive writing through {@code db}, creating partitions through {@code partitions}, reading with the
     * default memory bound.
     */
    public PostgresEventArchive(DSLContext db, EventPartitions partitions) {
        this(db, partitions, DEFAULT_MAX_EVENTS_IN_MEMORY);
    }

    /**
     * The same, reading periods in slices of users of at most {@code maxEventsInMemory} events each (a single user
     * bucket excepted): as many as the planner's estimate asks for, and a slice found larger is divided.
     */
    public PostgresEventArchive(DSLContext db, EventPartitions partitions, long maxEventsInMemory) {
        this(db, partitions, maxEventsInMemory, (slice, events) -> {});
    }

    /** The same, telling {@code slicesRead} the range and the number of events of every slice it hands out. */
    PostgresEventArchive(DSLContext db, EventPartitions partitions, long maxEventsInMemory, SliceListener slicesRead) {
        this.db = Objects.requireNonNull(db, "db");
        this.partitions = Objects.requireNonNull(partitions, "partitions");
        if (maxEventsInMemory < 1) {
            throw new IllegalArgumentException("the events held in memory must be positive: " + maxEventsInMemory);
        }
        this.maxEventsInMemory = maxEventsInMemory;
        this.slicesRead = Objects.requireNonNull(slicesRead, "slicesRead");
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
        String period = period(from, until);
        db.connection(connection -> {
            for (UserHashRange slice : users.divide(slices(connection, period, users))) {
                read(connection, period, slice, perUser);
            }
        });
    }

    /**
     * Reads one slice, or, when it holds more events than the bound after all (the planner's estimate was low, as on
     * a partition not analysed yet), as many parts of it as its counted events ask for, each read the same way. A
     * user's events are all in one slice, so slices need no common snapshot.
     */
    private void read(Connection connection, String period, UserHashRange slice, Consumer<UserEvents> perUser)
            throws SQLException {
        ArchivedPeriodSlice read = ArchivedPeriodSlice.read(connection, period, slice, maxEventsInMemory);
        if (read.fits()) {
            slicesRead.read(slice, read.events());
            read.handOut(perUser);
            return;
        }
        for (UserHashRange part : slice.divide(Math.max(2, slicesFor(read.events())))) {
            read(connection, period, part, perUser);
        }
    }

    private static String period(Instant from, Instant until) {
        return "occurred_at >= '" + from + "' and occurred_at < '" + until + "'";
    }

    /**
     * How many slices of {@code users} keep each slice's events under {@link #maxEventsInMemory}, from the planner's
     * estimate of the period's rows (its statistics of the day partitions; on a partition never analysed the
     * estimate can be far too low, which {@link #read} makes up for).
     */
    private int slices(Connection connection, String period, UserHashRange users) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet plan = statement.executeQuery(
                        "explain select 1 from user_event where " + period + ArchivedPeriodSlice.bucketsOf(users))) {
            plan.next();
            Matcher rows = PLAN_ROWS.matcher(plan.getString(1));
            return slicesFor(rows.find() ? Long.parseLong(rows.group(1)) : 0);
        }
    }

    /** Slices of at most {@link #maxEventsInMemory} events for {@code events} events: 1 to {@code BUCKETS}. */
    private int slicesFor(long events) {
        return (int) Math.max(1, Math.min(UserHashRange.BUCKETS, (events + maxEventsInMemory - 1) / maxEventsInMemory));
    }

    /** Observes the slices a read hands out (tests check the memory bound through it). */
    @FunctionalInterface
    interface SliceListener {

        /** A slice of {@code events} events of the users in {@code range} was read and is being handed out. */
        void read(UserHashRange range, long events);
    }
}
