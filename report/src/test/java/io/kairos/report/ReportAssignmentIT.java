package io.kairos.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.experiment.Experiment;
import io.kairos.domain.experiment.LayerRange;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** Who the report puts in which arm: computed from the archive and the experiment's current salt on every report. */
class ReportAssignmentIT {

    static final String KEY = ReportFixtureDatabase.KEY;
    static final Duration WINDOW = Duration.ofDays(7);

    @Test
    void givenAReport_whenANewUserArrives_thenTheNextReportAssignsThemToTheirArm() throws SQLException {
        ReportFixtureDatabase fixture = ReportFixtureDatabase.create("assignment_new_user");
        PGSimpleDataSource dataSource = fixture.dataSource();
        MetricsQuery query = new MetricsQuery(dataSource, ReportFixtureDatabase.NIGHTLY_DELAY);
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
    }

    @Test
    void givenTheExperimentDefinedAgainUnderAnotherSalt_whenReading_thenUsersAreAssignedUnderTheNewSalt()
            throws SQLException {
        ReportFixtureDatabase fixture = ReportFixtureDatabase.create("assignment_salt");
        PGSimpleDataSource dataSource = fixture.dataSource();
        MetricsQuery query = new MetricsQuery(dataSource, ReportFixtureDatabase.NIGHTLY_DELAY);
        query.read(KEY, WINDOW);
        String salt = "another-salt";
        execute(dataSource, "update experiment set salt = '" + salt + "' where experiment_key = '" + KEY + "'");
        List<String> users = new ArrayList<>(fixture.realtime());
        users.addAll(fixture.batch());
        users.addAll(fixture.control());
        Experiment redefined = Experiment.batchVersusRealtime(KEY, salt);

        ExperimentMetrics metrics = query.read(KEY, WINDOW);

        for (String arm : List.of("control", "batch", "realtime")) {
            long expected = users.stream()
                    .filter(user -> redefined.assign(user).arm().name().equals(arm))
                    .count();
            assertThat(assigned(metrics, arm)).as(arm).isEqualTo(expected);
        }
    }

    @Test
    void givenManyUsers_whenExported_thenEveryUsersArmIsTheDomainsAssignment() throws SQLException {
        ReportFixtureDatabase fixture = ReportFixtureDatabase.create("assignment_many");
        PGSimpleDataSource dataSource = fixture.dataSource();
        try (Connection connection = dataSource.getConnection()) {
            for (int i = 0; i < 500; i++) {
                ReportFixtureDatabase.event(
                        connection, "u-" + i + "-é", "page_view", ReportFixtureDatabase.T0.plusSeconds(i), "{}");
            }
        }
        Experiment experiment = Experiment.batchVersusRealtime(KEY, ReportFixtureDatabase.SALT);
        StringWriter csv = new StringWriter();

        long rows = new UserOutcomeExport(dataSource, ReportFixtureDatabase.NIGHTLY_DELAY).write(KEY, WINDOW, csv);

        assertThat(rows).isEqualTo(508);
        Map<String, String> arms = csv.toString()
                .lines()
                .skip(1)
                .map(line -> line.split(",", 3))
                .collect(Collectors.toMap(fields -> fields[0], fields -> fields[1]));
        assertThat(arms).hasSize(508);
        arms.forEach((user, arm) ->
                assertThat(arm).as(user).isEqualTo(experiment.assign(user).arm().name()));
    }

    @Test
    void givenTheExperimentInALayer_whenExported_thenOnlyTheUsersOfItsLayerRangeAreInIt() throws SQLException {
        ReportFixtureDatabase fixture = ReportFixtureDatabase.create("assignment_layer");
        PGSimpleDataSource dataSource = fixture.dataSource();
        try (Connection connection = dataSource.getConnection()) {
            for (int i = 0; i < 500; i++) {
                ReportFixtureDatabase.event(
                        connection, "u-" + i + "-é", "page_view", ReportFixtureDatabase.T0.plusSeconds(i), "{}");
            }
        }
        execute(
                dataSource,
                "update experiment set layer_key = 'checkout', layer_from = 2500, layer_to = 7000"
                        + " where experiment_key = '" + KEY + "'");
        Experiment experiment = Experiment.batchVersusRealtime(KEY, ReportFixtureDatabase.SALT)
                .inLayer(LayerRange.parse("checkout:2500-7000"));
        StringWriter csv = new StringWriter();

        long rows = new UserOutcomeExport(dataSource, ReportFixtureDatabase.NIGHTLY_DELAY).write(KEY, WINDOW, csv);

        Map<String, String> arms = csv.toString()
                .lines()
                .skip(1)
                .map(line -> line.split(",", 3))
                .collect(Collectors.toMap(fields -> fields[0], fields -> fields[1]));
        List<String> everyone = new ArrayList<>(fixture.realtime());
        everyone.addAll(fixture.batch());
        everyone.addAll(fixture.control());
        for (int i = 0; i < 500; i++) {
            everyone.add("u-" + i + "-é");
        }
        List<String> enrolled =
                everyone.stream().filter(experiment::enrols).distinct().toList();
        assertThat(enrolled).hasSizeBetween(150, 300);
        assertThat(rows).isEqualTo(enrolled.size());
        assertThat(arms.keySet()).containsExactlyInAnyOrderElementsOf(enrolled);
        arms.forEach((user, arm) ->
                assertThat(arm).as(user).isEqualTo(experiment.assign(user).arm().name()));
        long assigned = new MetricsQuery(dataSource, ReportFixtureDatabase.NIGHTLY_DELAY)
                .read(KEY, WINDOW).arms().stream()
                        .mapToLong(ArmMetrics::assignedUsers)
                        .sum();
        assertThat(assigned).isEqualTo(enrolled.size());
    }

    @Test
    void givenSeveralReportsAtOnce_whenReading_thenAllAgree() throws SQLException {
        PGSimpleDataSource dataSource =
                ReportFixtureDatabase.create("assignment_concurrent").dataSource();
        MetricsQuery query = new MetricsQuery(dataSource, ReportFixtureDatabase.NIGHTLY_DELAY);

        List<ExperimentMetrics> reports = IntStream.range(0, 4)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> query.read(KEY, WINDOW)))
                .toList()
                .stream()
                .map(CompletableFuture::join)
                .toList();

        assertThat(reports)
                .allSatisfy(
                        report -> assertThat(report).usingRecursiveComparison().isEqualTo(reports.get(0)));
    }

    private static long assigned(ExperimentMetrics metrics, String arm) {
        return metrics.arms().stream()
                .filter(a -> a.arm().equals(arm))
                .findFirst()
                .orElseThrow()
                .assignedUsers();
    }

    private static void execute(PGSimpleDataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
