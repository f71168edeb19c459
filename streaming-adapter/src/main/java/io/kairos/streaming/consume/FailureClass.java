package io.kairos.streaming.consume;

import io.kairos.domain.port.out.StaleOffsetException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;
import org.apache.kafka.clients.consumer.InvalidOffsetException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * How the poll loop reacts to a failure of a whole batch (an invalid record never fails a batch: it is
 * dead-lettered). Classified as in Apache Kafka's example consumer: fatal, poison record, retriable; only a broken
 * environment is fatal, so that no record, however made, can stop the stream.
 */
public enum FailureClass {
    /** PostgreSQL or the broker is unavailable or overloaded: back off, rewind to the batch's start, retry. */
    RETRIABLE,
    /** Another consumer has committed past this one (a zombie after a rebalance): re-read offsets and seek. */
    FENCED,
    /**
     * Neither the environment's nor a passing fault, so a record of the batch may be at fault (a value PostgreSQL
     * refuses, a fault in the rules that one record triggers): find it by processing the records one at a time.
     */
    SUSPECT_RECORD,
    /**
     * The environment is broken (credentials, permissions, a database without the schema, a setting the broker
     * refuses): no record is at fault and none can be processed until an operator fixes it, so stop with a clear log.
     */
    FATAL;

    /**
     * SQLSTATE classes that no retry cures and no record causes: 0A feature not supported, 28 invalid authorization,
     * 3D invalid catalog, 3F invalid schema, 42 syntax error or access rule violation (a missing table, a missing
     * grant), XX internal error.
     */
    private static final Set<String> ENVIRONMENT_SQL_STATE_CLASSES = Set.of("0A", "28", "3D", "3F", "42", "XX");

    private static final Set<String> RETRIABLE_SQL_STATE_CLASSES = Set.of("08", "40", "53", "57", "58");

    /** The class of a failure, looking through its causes. */
    public static FailureClass of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StaleOffsetException) {
                return FENCED;
            }
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof AuthenticationException
                    || cause instanceof AuthorizationException
                    || cause instanceof ConfigException
                    || cause instanceof InvalidConfigurationException
                    || cause instanceof UnsupportedVersionException
                    || cause instanceof RecordTooLargeException
                    || cause instanceof InvalidOffsetException
                    || cause instanceof OffsetOutOfRangeException
                    || cause instanceof Error) {
                return FATAL;
            }
            if (cause instanceof SQLException sql && sqlStateClass(sql) != null) {
                if (ENVIRONMENT_SQL_STATE_CLASSES.contains(sqlStateClass(sql))) {
                    return FATAL;
                }
            }
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RetriableException
                    || cause instanceof SQLTransientException
                    || cause instanceof SQLRecoverableException
                    || cause instanceof SocketException
                    || cause instanceof SocketTimeoutException) {
                return RETRIABLE;
            }
            if (cause instanceof SQLException sql
                    && sqlStateClass(sql) != null
                    && RETRIABLE_SQL_STATE_CLASSES.contains(sqlStateClass(sql))) {
                return RETRIABLE;
            }
        }
        return SUSPECT_RECORD;
    }

    private static String sqlStateClass(SQLException sql) {
        String state = sql.getSQLState();
        return state != null && state.length() >= 2 ? state.substring(0, 2) : null;
    }
}
