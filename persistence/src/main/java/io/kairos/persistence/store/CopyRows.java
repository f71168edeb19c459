package io.kairos.persistence.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.postgresql.PGConnection;

/**
 * Rows in PostgreSQL's COPY text format, built field by field, and the optimistic COPY of such rows into a keyed
 * table: the bulk path of the writes that are almost always new rows (the nightly job's decisions, profiles and
 * outbox messages).
 */
final class CopyRows {

    private static final String UNIQUE_VIOLATION = "23505";

    private final StringBuilder text;
    private boolean rowStarted;
    private int rows;

    /** Empty rows, with room for about {@code expectedBytes}. */
    CopyRows(int expectedBytes) {
        text = new StringBuilder(expectedBytes);
    }

    /** A text field; null is SQL NULL. Backslash, tab, newline and carriage return are escaped. */
    CopyRows text(String value) {
        separate();
        if (value == null) {
            text.append("\\N");
            return this;
        }
        int plain = 0;
        while (plain < value.length() && !escaped(value.charAt(plain))) {
            plain++;
        }
        text.append(value, 0, plain);
        for (int i = plain; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                default -> text.append(c);
            }
        }
        return this;
    }

    private static boolean escaped(char c) {
        return c == '\\' || c == '\t' || c == '\n' || c == '\r';
    }

    /** A uuid field; null is SQL NULL. */
    CopyRows uuid(UUID value) {
        separate();
        text.append(value == null ? "\\N" : value.toString());
        return this;
    }

    /** A boolean field. */
    CopyRows bool(boolean value) {
        separate();
        text.append(value ? 't' : 'f');
        return this;
    }

    /**
     * A timestamptz field to the microsecond ({@code yyyy-mm-dd hh:mm:ss.ffffff+00}, years 1 to 9999); null is SQL
     * NULL. Written by hand: {@code Instant.toString} costs several times more, and bulk writes format millions.
     */
    CopyRows time(Instant value) {
        separate();
        if (value == null) {
            text.append("\\N");
            return this;
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(value.getEpochSecond(), 0, ZoneOffset.UTC);
        digits(t.getYear(), 4).append('-');
        digits(t.getMonthValue(), 2).append('-');
        digits(t.getDayOfMonth(), 2).append(' ');
        digits(t.getHour(), 2).append(':');
        digits(t.getMinute(), 2).append(':');
        digits(t.getSecond(), 2).append('.');
        digits(value.getNano() / 1_000, 6).append("+00");
        return this;
    }

    /** Ends the current row. */
    CopyRows endRow() {
        text.append('\n');
        rowStarted = false;
        rows++;
        return this;
    }

    /** How many rows were ended. */
    int rows() {
        return rows;
    }

    /** The rows, UTF-8. */
    byte[] bytes() {
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Runs {@code copySql} ({@code COPY ... FROM STDIN}) over these rows and returns how many it stored. */
    long copyInto(Connection connection, String copySql) throws SQLException {
        try {
            return connection
                    .unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn(copySql, new ByteArrayInputStream(bytes()), 1 << 16);
        } catch (IOException e) {
            throw new UncheckedIOException("COPY from memory failed", e);
        }
    }

    /**
     * COPYs these rows straight into a keyed table; if a row's key is already there (a re-run, a restart) the COPY
     * is undone, back to a savepoint inside a transaction, and {@code otherwise} writes the rows idempotently.
     * Outside a transaction the failed COPY undoes itself.
     */
    void copyOrElse(Connection connection, String copySql, Fallback otherwise) throws SQLException {
        if (rows == 0) {
            return;
        }
        Savepoint savepoint = connection.getAutoCommit() ? null : connection.setSavepoint();
        try {
            copyInto(connection, copySql);
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            if (savepoint != null) {
                connection.rollback(savepoint);
            }
            otherwise.write(connection);
            return;
        }
        if (savepoint != null) {
            connection.releaseSavepoint(savepoint);
        }
    }

    /** The idempotent write used when the optimistic COPY met existing keys. */
    @FunctionalInterface
    interface Fallback {
        void write(Connection connection) throws SQLException;
    }

    private void separate() {
        if (rowStarted) {
            text.append('\t');
        }
        rowStarted = true;
    }

    private StringBuilder digits(int value, int width) {
        int start = text.length();
        text.append(value);
        for (int missing = width - (text.length() - start); missing > 0; missing--) {
            text.insert(start, '0');
        }
        return text;
    }
}
