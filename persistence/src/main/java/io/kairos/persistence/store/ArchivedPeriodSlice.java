package io.kairos.persistence.store;

import io.kairos.domain.event.EventProperties;
import io.kairos.domain.event.UserEvent;
import io.kairos.domain.port.out.UserEvents;
import io.kairos.domain.port.out.UserHashRange;
import io.kairos.persistence.codec.EventJson;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * The archived events of one period and one slice of users, read in one pass and grouped per user in memory.
 *
 * <p>Why not an {@code ORDER BY user_id, occurred_at} cursor: PostgreSQL then sorts the whole slice before sending
 * the first row, which cost more than twice the scan itself, while the reader sat idle. Here the slice's rows come
 * in table order through a binary COPY (no text conversion of ids and times on either side) and are grouped by user
 * as they arrive; only each user's few events are sorted, by event time then event id. Users are handed out in
 * {@link UserHashRange#compareUsers} order, so that a restarted nightly partition finds where it stopped.
 *
 * <p>Memory holds the slice's rows as PostgreSQL sent them (about 130 bytes per event), copied into large chunks
 * that the garbage collector allocates outside the young generation and never copies; a user's rows are decoded
 * into events only when the user is handed out, so decoded events live briefly. {@link PostgresEventArchive} sizes
 * slices to bound that memory, and a slice that turns out larger than the bound is counted, not kept, and read
 * again in parts.
 */
final class ArchivedPeriodSlice {

    /** PostgreSQL's binary COPY header: signature, flags and header-extension length. */
    private static final byte[] SIGNATURE = "PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1);

    /** Large enough to be a humongous object for G1 up to 16 MB regions (heaps up to 32 GB). */
    private static final int CHUNK_BYTES = 16 << 20;

    private static final int FIELDS = 7;
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;
    private static final int JSONB_VERSION = 1;

    /** By event time, then event id as PostgreSQL orders {@code uuid} (and as text sorts): unsigned bytes. */
    static final Comparator<UserEvent> EVENT_ORDER = Comparator.comparing(UserEvent::occurredAt)
            .thenComparing(UserEvent::eventId, ArchivedPeriodSlice::compareUnsigned);

    private static final Comparator<User> USER_ORDER =
            Comparator.comparingInt((User user) -> user.bucket).thenComparing(user -> user.userId);

    private final Map<String, User> users = new HashMap<>();
    private final List<byte[]> typeBytes = new ArrayList<>();
    private final List<String> typeNames = new ArrayList<>();
    private final List<byte[]> chunks = new ArrayList<>();
    private byte[] scratch = new byte[1 << 16];
    private byte[] chunk;
    private int chunkUsed;
    private long events;
    private boolean tooLarge;

    private ArchivedPeriodSlice() {}

    /** The {@code and ...} filter of a query on {@code user_event} to the users in {@code range}. */
    static String bucketsOf(UserHashRange range) {
        return range.isAll() ? "" : " and user_bucket >= " + range.from() + " and user_bucket < " + range.to();
    }

    /**
     * Reads the slice's rows of the period, {@code period} being a condition on {@code user_event}. When the slice
     * holds more than {@code maxEvents} events (and is more than a single bucket, which cannot be divided), it stops
     * keeping rows and only counts them: the result then {@linkplain #fits does not fit} and tells how many events
     * there are. The COPY is always read to its end, since a COPY cancelled half way leaves its remaining data on the
     * connection.
     */
    static ArchivedPeriodSlice read(Connection connection, String period, UserHashRange slice, long maxEvents)
            throws SQLException {
        String query = "copy (select user_bucket, user_id, event_id, occurred_at, session_id, event_type, properties"
                + " from user_event where " + period + bucketsOf(slice) + ") to stdout (format binary)";
        long limit = slice.to() - slice.from() > 1 ? maxEvents : Long.MAX_VALUE;
        CopyOut copy = connection.unwrap(PGConnection.class).getCopyAPI().copyOut(query);
        ArchivedPeriodSlice read = new ArchivedPeriodSlice();
        RuntimeException failure = null;
        boolean header = true;
        byte[] message;
        while ((message = copy.readFromCopy()) != null) {
            int at = header ? afterHeader(message) : 0;
            header = false;
            if (at == message.length || failure != null || int16(message, at) == -1) {
                continue;
            }
            read.events++;
            if (read.events > limit) {
                read.dropRows();
            } else {
                try {
                    read.keep(message, at);
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return read;
    }

    /** Whether the slice's rows are all kept, within the bound it was read with. */
    boolean fits() {
        return !tooLarge;
    }

    /** How many events the slice holds. */
    long events() {
        return events;
    }

    /**
     * Hands the users out in order, each with its events decoded and sorted. Users' rows interleave in the chunks,
     * so the chunks are released at the end, each user's list of positions as soon as it is handed out.
     */
    void handOut(Consumer<UserEvents> perUser) {
        User[] ordered = users.values().toArray(User[]::new);
        users.clear();
        Arrays.sort(ordered, USER_ORDER);
        for (int i = 0; i < ordered.length; i++) {
            User user = ordered[i];
            ordered[i] = null;
            perUser.accept(new UserEvents(user.userId, events(user)));
        }
        chunks.clear();
    }

    private static int afterHeader(byte[] message) {
        if (message.length < SIGNATURE.length + 8
                || !Arrays.equals(message, 0, SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
            throw new IllegalStateException("PostgreSQL sent no binary COPY header");
        }
        return SIGNATURE.length + 8 + int32(message, SIGNATURE.length + 4);
    }

    /** Forgets the rows kept so far: the slice is larger than its bound and will be read again in parts. */
    private void dropRows() {
        if (!tooLarge) {
            tooLarge = true;
            users.clear();
            chunks.clear();
            chunk = null;
        }
    }

    /**
     * Keeps one row: field count, then bucket, user id, event id, event time, session id, type and properties, each
     * preceded by its length (the trailer, a field count of -1, is no row). The bucket and user id are read now, the
     * rest when the user is handed out.
     */
    private void keep(byte[] row, int start) {
        int fields = int16(row, start);
        if (fields != FIELDS) {
            throw new IllegalStateException("expected " + FIELDS + " columns in the archive's COPY, got " + fields);
        }
        int bucket = int16(row, start + 2 + 4);
        int userAt = start + 2 + 4 + 2;
        int userLength = int32(row, userAt);
        String userId = new String(row, userAt + 4, userLength, StandardCharsets.UTF_8);
        int rest = userAt + 4 + userLength;
        int length = row.length - rest;
        if (chunk == null || chunkUsed + length > chunk.length) {
            chunk = new byte[Math.max(CHUNK_BYTES, length)];
            chunks.add(chunk);
            chunkUsed = 0;
        }
        System.arraycopy(row, rest, chunk, chunkUsed, length);
        users.computeIfAbsent(userId, id -> new User(id, bucket)).add(((long) (chunks.size() - 1) << 32) | chunkUsed);
        chunkUsed += length;
    }

    /**
     * The user's events, decoded from the fields after the user id of each of its rows and sorted. The properties
     * of all its events are gathered in {@link #scratch} and read with one parser.
     */
    private List<UserEvent> events(User user) {
        int count = user.rows;
        UUID[] ids = new UUID[count];
        Instant[] times = new Instant[count];
        String[] sessions = new String[count];
        List<String> eventTypes = new ArrayList<>(count);
        int gathered = 0;
        for (int row = 0; row < count; row++) {
            byte[] chunk = chunks.get((int) (user.at[row] >>> 32));
            int at = (int) user.at[row];
            ids[row] = new UUID(int64(chunk, at + 4), int64(chunk, at + 12));
            at += 4 + 16;
            long micros = int64(chunk, at + 4);
            times[row] = Instant.ofEpochSecond(
                    POSTGRES_EPOCH_SECONDS + Math.floorDiv(micros, 1_000_000L),
                    Math.floorMod(micros, 1_000_000L) * 1_000L);
            at += 4 + 8;
            int length = int32(chunk, at);
            if (length < 0) {
                sessions[row] = null;
            } else if (row > 0 && sessions[row - 1] != null && sameBytes(sessions[row - 1], chunk, at + 4, length)) {
                sessions[row] = sessions[row - 1];
            } else {
                sessions[row] = new String(chunk, at + 4, length, StandardCharsets.UTF_8);
            }
            at += 4 + Math.max(length, 0);
            length = int32(chunk, at);
            eventTypes.add(type(chunk, at + 4, length));
            at += 4 + length;
            length = int32(chunk, at);
            if (chunk[at + 4] != JSONB_VERSION) {
                throw new IllegalStateException("unknown jsonb binary version " + chunk[at + 4]);
            }
            gathered = gather(chunk, at + 5, length - 1, gathered);
        }
        List<EventProperties> properties = EventJson.properties(eventTypes, scratch, 0, gathered);
        List<UserEvent> events = new ArrayList<>(count);
        for (int row = 0; row < count; row++) {
            events.add(new UserEvent(ids[row], user.userId, times[row], sessions[row], properties.get(row)));
        }
        events.sort(EVENT_ORDER);
        return events;
    }

    /** The event type spelled by {@code bytes[from, from + length)}, one string per type seen in this slice. */
    private String type(byte[] bytes, int from, int length) {
        for (int i = 0; i < typeBytes.size(); i++) {
            byte[] known = typeBytes.get(i);
            if (Arrays.equals(known, 0, known.length, bytes, from, from + length)) {
                return typeNames.get(i);
            }
        }
        typeBytes.add(Arrays.copyOfRange(bytes, from, from + length));
        typeNames.add(new String(bytes, from, length, StandardCharsets.UTF_8));
        return typeNames.get(typeNames.size() - 1);
    }

    /**
     * Whether {@code text} is the UTF-8 {@code bytes[from, from + length)}, compared char by byte: that matches ASCII
     * only (a character above 127 equals none of its UTF-8 bytes, which are negative), so a non-ASCII string is
     * never taken for another, it is only decoded again.
     */
    private static boolean sameBytes(String text, byte[] bytes, int from, int length) {
        if (text.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (text.charAt(i) != bytes[from + i]) {
                return false;
            }
        }
        return true;
    }

    /** Appends {@code bytes[from, from + length)} and a space to {@link #scratch} at {@code at}; returns its end. */
    private int gather(byte[] bytes, int from, int length, int at) {
        if (at + length + 1 > scratch.length) {
            scratch = Arrays.copyOf(scratch, Math.max(scratch.length * 2, at + length + 1));
        }
        System.arraycopy(bytes, from, scratch, at, length);
        scratch[at + length] = ' ';
        return at + length + 1;
    }

    private static int compareUnsigned(UUID a, UUID b) {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    private static int int16(byte[] b, int at) {
        return (short) (((b[at] & 0xff) << 8) | (b[at + 1] & 0xff));
    }

    private static int int32(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    private static long int64(byte[] b, int at) {
        return ((long) int32(b, at) << 32) | (int32(b, at + 4) & 0xffffffffL);
    }

    /** One user of the slice: where its rows are kept (chunk index and offset). */
    private static final class User {

        final String userId;
        final int bucket;
        long[] at = new long[8];
        int rows;

        User(String userId, int bucket) {
            this.userId = userId;
            this.bucket = bucket;
        }

        void add(long position) {
            if (rows == at.length) {
                at = Arrays.copyOf(at, rows * 2);
            }
            at[rows++] = position;
        }
    }
}
