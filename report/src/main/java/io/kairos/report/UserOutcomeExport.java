package io.kairos.report;

import io.kairos.domain.experiment.EnrolmentCutoff;
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
import java.time.Instant;
import javax.sql.DataSource;

/**
 * Writes one CSV row (RFC 4180) per assigned user of an experiment, streamed from the database through a cursor so
 * that no more than one fetch of rows is in memory. Every row carries the enrolment cut-off and whether the user is
 * enrolled (first triggered by then); only enrolled users have a conversion and a time to conversion.
 */
public final class UserOutcomeExport {

    /** The header line, in column order. */
    public static final String HEADER = "user_id,arm,active,triggered_at,converted_at,hours_to_conversion_or_censoring,"
            + "converted,revenue,orders,enrolled,enrolment_cutoff,analysis";

    private final DataSource dataSource;
    private final Duration longestDeliveryDelay;

    /**
     * Exports from the given database; {@code longestDeliveryDelay} is the longest trigger-to-delivery time of any arm
     * (the nightly batch's), which sets the enrolment cut-off as in {@link MetricsQuery}.
     */
    public UserOutcomeExport(DataSource dataSource, Duration longestDeliveryDelay) {
        this.dataSource = dataSource;
        this.longestDeliveryDelay = longestDeliveryDelay;
    }

    /** Writes the header and every user's row, for an experiment without a plan; returns the users written. */
    public long write(String experimentKey, Duration attributionWindow, Writer out) {
        return write(experimentKey, attributionWindow, Analysis.NO_PLAN, out);
    }

    /**
     * Writes the header and every user's row, each labelled with the analysis ({@code pre-registered},
     * {@code exploratory} or {@code no plan}); returns the number of users written.
     */
    public long write(String experimentKey, Duration attributionWindow, Analysis analysis, Writer out) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            long count = 0;
            Instant end = MetricsQuery.observationEnd(connection);
            Instant cutoff =
                    end == null ? null : new EnrolmentCutoff(attributionWindow, longestDeliveryDelay).cutoffFor(end);
            String cutoffField = cutoff == null ? "" : cutoff.toString();
            try (PreparedStatement statement = MetricsQuery.prepare(
                    connection,
                    MetricsQuery.USER_OUTCOME_SQL,
                    experimentKey,
                    attributionWindow,
                    end,
                    cutoff,
                    UserHashRange.ALL)) {
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
                                Long.toString(rows.getLong(8)),
                                Boolean.toString(rows.getBoolean(9)),
                                cutoffField,
                                analysis.kind()));
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
