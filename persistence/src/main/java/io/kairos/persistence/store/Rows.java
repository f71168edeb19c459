package io.kairos.persistence.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.UUID;

/**
 * Column values for the bulk statements: each bulk write binds one array per column and unnests them server-side,
 * so a batch of any size is one statement and one round trip.
 */
final class Rows {

    private Rows() {}

    /** PostgreSQL keeps microseconds; every stored time is truncated the same way in Java, so keys agree. */
    static Instant stored(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }

    /** An instant as text PostgreSQL parses as timestamptz; null stays null. */
    static String text(Instant instant) {
        return instant == null ? null : stored(instant).toString();
    }

    static Array texts(Connection connection, Collection<String> values) throws SQLException {
        return connection.createArrayOf("text", values.toArray(new String[0]));
    }

    static Array uuids(Connection connection, Collection<UUID> values) throws SQLException {
        return connection.createArrayOf("uuid", values.toArray(new UUID[0]));
    }

    static Array booleans(Connection connection, Collection<Boolean> values) throws SQLException {
        return connection.createArrayOf("bool", values.toArray(new Boolean[0]));
    }

    static Array ints(Connection connection, Collection<Integer> values) throws SQLException {
        return connection.createArrayOf("int4", values.toArray(new Integer[0]));
    }

    static Array longs(Connection connection, Collection<Long> values) throws SQLException {
        return connection.createArrayOf("int8", values.toArray(new Long[0]));
    }
}
