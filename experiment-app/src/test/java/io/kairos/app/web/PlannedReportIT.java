package io.kairos.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.app.KairosCommandLine;
import io.kairos.report.ReportFixtureDatabase;
import io.kairos.testsupport.TestPostgres;
import io.kairos.testsupport.TestServers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An experiment with a registered plan (a 3-day attribution window): the API, the per-user CSV and {@code kairos
 * report} analyse it by the plan when no window is asked for, and label any other window exploratory.
 */
class PlannedReportIT {

    static final String KEY = ReportFixtureDatabase.KEY;
    static final JsonMapper JSON = JsonMapper.builder().build();
    static ServedReport served;

    @BeforeAll
    static void serveWithAPlan() throws Exception {
        served = ServedReport.start("planned");
        try (Connection connection = served.fixture().postgres().connect();
                Statement statement = connection.createStatement()) {
            // the fixture's experiment was defined by a stream; give it the plan a team would have registered
            statement.execute("insert into experiment_plan (experiment_key, primary_metric, secondary_metrics,"
                    + " attribution_window_seconds, horizon_seconds, alpha, minimum_detectable_effect, power)"
                    + " values ('" + KEY + "', 'conversion', 'click_through', 259200, 2419200, 0.05, 0.1, 0.8)");
        }
    }

    @AfterAll
    static void stop() {
        served.close();
    }

    @Test
    void givenAPlan_whenTheReportIsAskedWithoutAWindow_thenItIsThePlansAnalysis() throws Exception {
        JsonNode report =
                JSON.readTree(served.get("/api/experiments/" + KEY + "/report").body());

        assertThat(report.get("attribution_window_hours").asDouble()).isEqualTo(72.0);
        assertThat(report.get("analysis").get("kind").asString()).isEqualTo("pre-registered");
        assertThat(report.get("analysis").get("plan").get("secondary_metrics").toString())
                .isEqualTo("[\"click_through\"]");
    }

    @Test
    void givenAPlan_whenAnotherWindowIsAsked_thenTheReportAndTheCsvAreLabelledExploratory() throws Exception {
        JsonNode report = JSON.readTree(served.get("/api/experiments/" + KEY + "/report?attributionDays=7")
                .body());
        HttpResponse<String> csv = served.get("/api/experiments/" + KEY + "/outcomes.csv?attributionDays=7");
        HttpResponse<String> plannedCsv = served.get("/api/experiments/" + KEY + "/outcomes.csv");

        assertThat(report.get("attribution_window_hours").asDouble()).isEqualTo(168.0);
        assertThat(report.get("analysis").get("kind").asString()).isEqualTo("exploratory");
        assertThat(report.get("analysis").get("deviations").get(0).asString())
                .isEqualTo("attribution window 168 h instead of the plan's 72 h");
        List<String> rows = csv.body().lines().skip(1).toList();
        assertThat(rows).isNotEmpty().allSatisfy(row -> assertThat(row).endsWith(",exploratory"));
        assertThat(plannedCsv.body().lines().skip(1))
                .allSatisfy(row -> assertThat(row).endsWith(",pre-registered"));
    }

    @Test
    void givenAPlan_whenTheReportCommandRuns_thenItSaysWhichAnalysisItIs() {
        String planned = report();
        String exploratory = report("--attribution-days", "7");

        assertThat(planned).contains("attribution window 72 h").contains("Analysis: the pre-registered plan");
        assertThat(exploratory)
                .contains("attribution window 168 h")
                .contains("Analysis: EXPLORATORY, not the pre-registered plan");
    }

    static String report(String... more) {
        TestPostgres postgres = served.fixture().postgres();
        List<String> arguments = new java.util.ArrayList<>(List.of(
                "report",
                "--experiment",
                KEY,
                "--spring.datasource.url=" + postgres.jdbcUrl(),
                "--spring.datasource.username=" + postgres.username(),
                "--spring.datasource.password=" + postgres.password(),
                "--spring.kafka.bootstrap-servers=" + TestServers.kafka().bootstrapServers()));
        arguments.addAll(List.of(more));
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(KairosCommandLine.execute(arguments.toArray(String[]::new)))
                    .isZero();
        } finally {
            System.setOut(out);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
