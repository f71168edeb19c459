package io.kairos.persistence.store;

import io.kairos.domain.event.UserEvent;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.DSLContext;

/**
 * The daily partitions of the event archive ({@code user_event_YYYYMMDD}, UTC days of event time): created ahead of
 * the writers, dropped by retention.
 *
 * <p>Writers call {@link #prepareFor} before their transaction. Every day seen gets its partition and the next
 * {@code daysAhead} days too, so the first events after midnight find theirs already there. A day more than {@code
 * maxLateDays} before the newest day this instance has seen gets no partition: such stragglers (typically of a day
 * retention already dropped) land in the default partition instead of resurrecting it. Partitions are created by
 * the database function {@code ensure_user_event_partitions} in a short transaction of their own, because creating a
 * partition locks the archive; the days known to exist are cached, so a steady stream costs no extra round trip.
 * Thread-safe.
 */
public final class EventPartitions {

    private static final String PREFIX = "user_event_";
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd");

    private final DSLContext db;
    private final int daysAhead;
    private final int maxLateDays;
    private final Set<LocalDate> known = ConcurrentHashMap.newKeySet();
    private volatile LocalDate newestSeen;

    /** Partitions managed through {@code db}, created {@code daysAhead} days ahead, for days up to {@code maxLateDays} late. */
    public EventPartitions(DSLContext db, int daysAhead, int maxLateDays) {
        this.db = Objects.requireNonNull(db, "db");
        if (daysAhead < 0 || maxLateDays < 0) {
            throw new IllegalArgumentException("daysAhead and maxLateDays must not be negative");
        }
        this.daysAhead = daysAhead;
        this.maxLateDays = maxLateDays;
    }

    /** Two days ahead; stragglers more than 35 days late go to the default partition. */
    public static EventPartitions standard(DSLContext db) {
        return new EventPartitions(db, 2, 35);
    }

    /** The UTC day of an event time: the partition an event belongs to. */
    public static LocalDate dayOf(Instant occurredAt) {
        return LocalDate.ofInstant(occurredAt, ZoneOffset.UTC);
    }

    /** Makes sure the partitions these events need exist (see the class comment); returns how many were created. */
    public int prepareFor(Collection<UserEvent> events) {
        TreeSet<LocalDate> days = new TreeSet<>();
        for (UserEvent event : events) {
            days.add(dayOf(event.occurredAt()));
        }
        if (days.isEmpty()) {
            return 0;
        }
        LocalDate newest = newestSeen;
        if (newest == null || days.last().isAfter(newest)) {
            newest = days.last();
            newestSeen = newest;
        }
        LocalDate earliestAccepted = newest.minusDays(maxLateDays);
        int created = 0;
        for (LocalDate day : days) {
            if (!day.isBefore(earliestAccepted) && !allKnown(day, day.plusDays(daysAhead))) {
                created += ensure(day, day.plusDays(daysAhead));
            }
        }
        return created;
    }

    private boolean allKnown(LocalDate first, LocalDate last) {
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            if (!known.contains(day)) {
                return false;
            }
        }
        return true;
    }

    /** Creates the missing partitions of {@code [first, last]}, moving their days' rows out of the default partition. */
    public int ensure(LocalDate first, LocalDate last) {
        int created = db.connectionResult(connection -> {
            try (PreparedStatement statement =
                    connection.prepareStatement("select ensure_user_event_partitions(?, ?)")) {
                statement.setObject(1, first);
                statement.setObject(2, last);
                try (ResultSet result = statement.executeQuery()) {
                    result.next();
                    return result.getInt(1);
                }
            }
        });
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            known.add(day);
        }
        return created;
    }

    /** The days that have a partition, oldest first. */
    public List<LocalDate> days() {
        return db.connectionResult(connection -> {
            List<LocalDate> days = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery("select c.relname from pg_inherits i"
                            + " join pg_class c on c.oid = i.inhrelid"
                            + " where i.inhparent = 'user_event'::regclass and c.relname ~ '^user_event_[0-9]{8}$'"
                            + " order by c.relname")) {
                while (result.next()) {
                    days.add(LocalDate.parse(result.getString(1).substring(PREFIX.length()), SUFFIX));
                }
            }
            return days;
        });
    }

    /** What {@link #dropOlderThan} would remove for {@code firstKeptDay}, removing nothing. */
    public ArchivePruning previewDropOlderThan(LocalDate firstKeptDay) {
        List<LocalDate> dropped = new ArrayList<>();
        for (LocalDate day : days()) {
            if (day.isBefore(firstKeptDay)) {
                dropped.add(day);
            }
        }
        Instant cutoff = firstKeptDay.atStartOfDay(ZoneOffset.UTC).toInstant();
        long outliers = db.connectionResult(connection -> {
            try (PreparedStatement count = connection.prepareStatement(
                    "select count(*) from user_event_default where occurred_at < ?::timestamptz")) {
                count.setString(1, Rows.text(cutoff));
                try (ResultSet result = count.executeQuery()) {
                    result.next();
                    return result.getLong(1);
                }
            }
        });
        return new ArchivePruning(dropped, outliers);
    }

    /**
     * Retention: drops the partitions of days before {@code firstKeptDay} and deletes the default partition's rows
     * older than that day. Dropping a partition briefly locks the archive, so run it off-peak (nightly).
     */
    public ArchivePruning dropOlderThan(LocalDate firstKeptDay) {
        List<LocalDate> dropped = new ArrayList<>();
        for (LocalDate day : days()) {
            if (day.isBefore(firstKeptDay)) {
                dropped.add(day);
            }
        }
        Instant cutoff = firstKeptDay.atStartOfDay(ZoneOffset.UTC).toInstant();
        long outliers =
                db.transactionResult(configuration -> configuration.dsl().connectionResult(connection -> {
                    try (Statement statement = connection.createStatement()) {
                        for (LocalDate day : dropped) {
                            statement.execute("drop table if exists " + PREFIX + SUFFIX.format(day));
                        }
                    }
                    try (PreparedStatement delete = connection.prepareStatement(
                            "delete from user_event_default where occurred_at < ?::timestamptz")) {
                        delete.setString(1, Rows.text(cutoff));
                        return (long) delete.executeUpdate();
                    }
                }));
        known.removeAll(dropped);
        return new ArchivePruning(dropped, outliers);
    }
}
