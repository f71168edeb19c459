package io.kairos.streaming.consume;

import io.kairos.domain.port.out.StaleOffsetException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;
import org.apache.kafka.common.errors.RetriableException;

/**
 * How the poll loop reacts to a failure of a whole batch (a bad record never fails a batch: it is dead-lettered).
 * Classified as in Apache Kafka's example consumer.
 */
public enum FailureClass {
    /** PostgreSQL or the broker is unavailable or overloaded: back off, rewind to the batch's start, retry. */
    RETRIABLE,
    /** Another consumer has committed past this one (a zombie after a rebalance): re-read offsets and seek. */
    FENCED,
    /** Anything else (bad configuration, authorization, lost data, a bug): stop with a clear log. */
    FATAL;

    private static final Set<String> RETRIABLE_SQL_STATE_CLASSES = Set.of("08", "40", "53", "57", "58");

    /** The class of a failure, looking through its causes. */
    public static FailureClass of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StaleOffsetException) {
                return FENCED;
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
                    && sql.getSQLState() != null
                    && sql.getSQLState().length() >= 2
                    && RETRIABLE_SQL_STATE_CLASSES.contains(sql.getSQLState().substring(0, 2))) {
                return RETRIABLE;
            }
        }
        return FATAL;
    }
}
