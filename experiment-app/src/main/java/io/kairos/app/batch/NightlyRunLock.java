package io.kairos.app.batch;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One nightly run at a time per experiment, across every instance sharing the database: a PostgreSQL session-level
 * advisory lock held on a dedicated connection for the length of the run. A second instance waits, saying so in the
 * log, and runs once the first has released the lock (by then its cut-offs are usually done, and the runner finds
 * nothing left to do). A crashed holder's lock goes with its connection.
 */
public final class NightlyRunLock {

    private static final Logger LOG = LoggerFactory.getLogger(NightlyRunLock.class);
    private static final String TRY_LOCK = "select pg_try_advisory_lock(hashtext(?))";
    private static final String UNLOCK = "select pg_advisory_unlock(hashtext(?))";

    private final DataSource dataSource;
    private final Duration retry;

    /** A lock taken on connections of {@code dataSource}, retried every {@code retry} while another holds it. */
    public NightlyRunLock(DataSource dataSource, Duration retry) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.retry = Objects.requireNonNull(retry, "retry");
    }

    /** Something to run under the lock. */
    @FunctionalInterface
    public interface Work<T> {
        /** Runs it. */
        T run() throws Exception;
    }

    /** Runs {@code work} holding the experiment's lock, waiting for it as long as another instance holds it. */
    public <T> T runExclusively(String experimentKey, Work<T> work) throws Exception {
        String name = "kairos nightly batch " + experimentKey;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            boolean announced = false;
            while (!call(connection, TRY_LOCK, name)) {
                if (!announced) {
                    LOG.warn(
                            "Another instance is running the nightly batch of experiment {}: waiting for it to finish",
                            experimentKey);
                    announced = true;
                }
                Thread.sleep(retry.toMillis());
            }
            if (announced) {
                LOG.warn("The other instance's nightly batch of experiment {} has finished: going on", experimentKey);
            }
            try {
                return work.run();
            } finally {
                call(connection, UNLOCK, name);
            }
        }
    }

    private static boolean call(Connection connection, String sql, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, name);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getBoolean(1);
            }
        }
    }
}
