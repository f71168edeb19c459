package io.kairos.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.experiment.Experiment;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The report's {@code experiment_user} bucket cache: filled by the first report, right after new users arrive. */
class AssignmentBucketCacheIT {

    static final String KEY = ReportFixtureDatabase.KEY;
    static final Duration WINDOW = Duration.ofDays(7);

    @Test
    void givenAFirstReport_whenReadingAgainFromTheCache_thenTheMetricsAreTheSame() throws SQLException {
        PGSimpleDataSource dataSource =
                ReportFixtureDatabase.create("bucket_cache_same").dataSource();
        MetricsQuery query = new MetricsQuery(dataSource);

        ExperimentMetrics first = query.read(KEY, WINDOW);
        ExperimentMetrics second = query.read(KEY, WINDOW);

        assertThat(count(dataSource, "select count(*) from experiment_user")).isEqualTo(8);
        assertThat(second).usingRecursiveComparison().isEqualTo(first);
    }

    @Test
    void givenACachedReport_whenANewUserArrives_thenTheNextReportAssignsThem() throws SQLException {
        ReportFixtureDatabase fixture = ReportFixtureDatabase.create("bucket_cache_new_user");
        PGSimpleDataSource dataSource = fixture.dataSource();
        MetricsQuery query = new MetricsQuery(dataSource);
        ExperimentMetrics before = query.read(KEY, WINDOW);
        String newcomer = "newcomer";
        String arm = Experiment.batchVersusRealtime(KEY, ReportFixtureDatabase.SALT)
                .assign(newcomer)
                .arm()
                .name();
        try (Connection connection = dataSource.getConnection()) {
            ReportFixtureDatabase.event(
                    connection, newcomer, "page_view", ReportFixtureDatabase.T0.plusSeconds(60), "{}");
        }

        ExperimentMetrics after = query.read(KEY, WINDOW);

        assertThat(assigned(after, arm)).isEqualTo(assigned(before, arm) + 1);
        assertThat(count(dataSource, "select count(*) from experiment_user where user_id = 'newcomer'"))
                .isEqualTo(1);
    }

    @Test
    void givenCachedBucketsUnderAnotherSalt_whenReading_thenTheyAreRecomputed() throws SQLException {
        PGSimpleDataSource dataSource =
                ReportFixtureDatabase.create("bucket_cache_salt").dataSource();
        MetricsQuery query = new MetricsQuery(dataSource);
        ExperimentMetrics fresh = query.read(KEY, WINDOW);
        execute(dataSource, "update experiment_user set salt = 'another', bucket = (bucket + 5000) % 10000");

        ExperimentMetrics recomputed = query.read(KEY, WINDOW);

        assertThat(recomputed).usingRecursiveComparison().isEqualTo(fresh);
        assertThat(count(dataSource, "select count(*) from experiment_user where salt = 'another'"))
                .isZero();
    }

    @Test
    void givenSeveralReportsAtOnce_whenEachStoresTheSameBuckets_thenAllAgree() throws SQLException {
        PGSimpleDataSource dataSource =
                ReportFixtureDatabase.create("bucket_cache_concurrent").dataSource();
        MetricsQuery query = new MetricsQuery(dataSource);

        List<ExperimentMetrics> reports = IntStream.range(0, 4)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> query.read(KEY, WINDOW)))
                .toList()
                .stream()
                .map(CompletableFuture::join)
                .toList();

        assertThat(reports)
                .allSatisfy(
                        report -> assertThat(report).usingRecursiveComparison().isEqualTo(reports.get(0)));
        assertThat(count(dataSource, "select count(*) from experiment_user")).isEqualTo(8);
    }

    private static long assigned(ExperimentMetrics metrics, String arm) {
        return metrics.arms().stream()
                .filter(a -> a.arm().equals(arm))
                .findFirst()
                .orElseThrow()
                .assignedUsers();
    }

    private static long count(PGSimpleDataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void execute(PGSimpleDataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
