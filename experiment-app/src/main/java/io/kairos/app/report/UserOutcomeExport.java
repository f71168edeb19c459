package io.kairos.app.report;

import io.kairos.domain.port.out.UserHashRange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Writes one CSV row (RFC 4180) per assigned user of an experiment, streamed from the database through a cursor so
 * that no more than one fetch of rows is in memory.
 */
public final class UserOutcomeExport {

    /** The header line, in column order. */
    public static final String HEADER = "user_id,arm,active,triggered_at,converted_at,hours_to_conversion_or_censoring,"
            + "converted,revenue,orders";

    private final DataSource dataSource;

    /** Exports from the given database. */
    public UserOutcomeExport(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Writes the header and every user's row; returns the number of users written. */
    public long write(String experimentKey, Duration attributionWindow, Writer out) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            long count = 0;
            try (PreparedStatement statement = MetricsQuery.prepare(
                    connection, MetricsQuery.USER_OUTCOME_SQL, experimentKey, attributionWindow, UserHashRange.ALL)) {
                statement.setFetchSize(MetricsQuery.FETCH_SIZE);
                try (ResultSet rows = statement.executeQuery()) {
                    out.write(HEADER);
                    out.write("\r\n");
                    while (rows.next()) {
                        Timestamp converted = rows.getTimestamp(5);
                        double hours = rows.getDouble(6);
                        boolean hoursMissing = rows.wasNull();
                        BigDecimal revenue = rows.getBigDecimal(7);
                        out.write(String.join(
                                ",",
                                field(rows.getString(1)),
                                field(rows.getString(2)),
                                Boolean.toString(rows.getBoolean(3)),
                                instant(rows.getTimestamp(4)),
                                instant(converted),
                                hoursMissing ? "" : Double.toString(hours),
                                Boolean.toString(converted != null),
                                revenue.signum() == 0
                                        ? "0"
                                        : revenue.stripTrailingZeros().toPlainString(),
                                Long.toString(rows.getLong(8))));
                        out.write("\r\n");
                        count++;
                    }
                }
            } finally {
                connection.rollback();
            }
            out.flush();
            return count;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot export the users of " + experimentKey + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A CSV field, quoted when it holds a comma, a quote or a line break. */
    static String field(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    private static String instant(Timestamp timestamp) {
        return timestamp == null ? "" : timestamp.toInstant().toString();
    }
}
