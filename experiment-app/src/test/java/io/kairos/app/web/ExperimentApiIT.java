package io.kairos.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.report.ReportFixtureDatabase;
import io.kairos.report.UserOutcomeExport;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The JSON API of {@code kairos serve} over real HTTP against a real server and database. */
class ExperimentApiIT {

    static final String KEY = ReportFixtureDatabase.KEY;
    static final JsonMapper JSON = JsonMapper.builder().build();
    static ServedReport served;

    @BeforeAll
    static void serve() throws Exception {
        served = ServedReport.start("api");
    }

    @AfterAll
    static void stop() {
        served.close();
    }

    @Test
    void givenOneExperiment_whenListing_thenItComesWithItsArmsWeights() throws Exception {
        HttpResponse<String> response = served.get("/api/experiments");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode list = JSON.readTree(response.body());
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("key").asString()).isEqualTo(KEY);
        assertThat(list.get(0).get("arms").toString())
                .isEqualTo("[{\"arm\":\"control\",\"weight\":10},{\"arm\":\"batch\",\"weight\":45},"
                        + "{\"arm\":\"realtime\",\"weight\":45}]");
    }

    @Test
    void givenTheExperiment_whenAskingForItsReport_thenItIsTheReportJsonWithTheChartsData() throws Exception {
        HttpResponse<String> response = served.get("/api/experiments/" + KEY + "/report?attributionDays=7");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode report = JSON.readTree(response.body());
        assertThat(report.get("experiment").asString()).isEqualTo(KEY);
        assertThat(report.get("attribution_window_hours").asDouble()).isEqualTo(168.0);
        // the served report takes the longest delivery delay from the batch schedule (default 02:00 / 08:00 UTC: 30 h)
        assertThat(report.get("longest_delivery_delay_hours").asDouble()).isEqualTo(30.0);
        assertThat(report.get("enrolment_cutoff").asString()).isEqualTo("2026-12-02T18:00:00Z");
        JsonNode realtime = report.get("arms").get(2);
        assertThat(realtime.get("arm").asString()).isEqualTo("realtime");
        assertThat(realtime.get("users_assigned").asLong()).isEqualTo(3);
        assertThat(realtime.get("processing_latency_millis").get("p50").asDouble())
                .isEqualTo(200.0);
        assertThat(realtime.get("conversions_per_day").toString())
                .isEqualTo("[{\"day\":\"2026-11-01\",\"conversions\":2}]");
        assertThat(realtime.get("processing_latency_histogram")).hasSize(13);
        assertThat(realtime.get("time_to_conversion_hours").get("curve")).hasSize(2);
        assertThat(report.get("comparisons")).hasSize(3);
    }

    @Test
    void givenADifferentAttributionWindow_whenAskingForTheReport_thenItIsComputedForThatWindow() throws Exception {
        HttpResponse<String> response = served.get("/api/experiments/" + KEY + "/report?attributionDays=1");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode report = JSON.readTree(response.body());
        assertThat(report.get("attribution_window_hours").asDouble()).isEqualTo(24.0);
        // B1 bought 47 h after the trigger: outside a one-day window
        assertThat(report.get("arms").get(1).get("users_converted").asLong()).isZero();
    }

    @Test
    void givenZeroAttributionDays_whenAskingForTheReport_thenItIsABadRequestWithAMessage() throws Exception {
        HttpResponse<String> response = served.get("/api/experiments/" + KEY + "/report?attributionDays=0");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("error").asString())
                .isEqualTo("attributionDays must be a whole number of days from 1 to 365, was '0'");
    }

    @Test
    void givenNonNumericAttributionDays_whenAskingForTheOutcomes_thenItIsABadRequestWithAMessage() throws Exception {
        HttpResponse<String> report = served.get("/api/experiments/" + KEY + "/report?attributionDays=week");
        HttpResponse<String> csv = served.get("/api/experiments/" + KEY + "/outcomes.csv?attributionDays=1.5");

        assertThat(report.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(report.body()).get("error").asString()).contains("was 'week'");
        assertThat(csv.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(csv.body()).get("error").asString()).contains("was '1.5'");
    }

    @Test
    void givenAnUnknownExperiment_whenAskingForItsReportOutcomesOrPage_thenEachIsNotFound() throws Exception {
        HttpResponse<String> report = served.get("/api/experiments/nope/report");
        HttpResponse<String> csv = served.get("/api/experiments/nope/outcomes.csv");
        HttpResponse<String> page = served.get("/experiments/nope");

        assertThat(report.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(report.body()).get("error").asString()).contains("'nope'");
        assertThat(csv.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(csv.body()).get("error").asString()).contains("'nope'");
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body()).contains("Unknown experiment");
    }

    @Test
    void givenTheExperiment_whenDownloadingOutcomes_thenOneCsvRowPerAssignedUser() throws Exception {
        HttpResponse<String> response = served.get("/api/experiments/" + KEY + "/outcomes.csv");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/csv"));
        assertThat(response.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"" + KEY + "-outcomes.csv\"");
        assertThat(response.body().lines().toList()).hasSize(9).first().isEqualTo(UserOutcomeExport.HEADER);
    }

    @Test
    void givenTheServer_whenLoadingTheDashboardsFiles_thenPagesScriptsAndTheChartLibraryAreServed() throws Exception {
        assertThat(served.get("/").body()).contains("Kairos experiments", "/index.js");
        HttpResponse<String> page = served.get("/experiments/" + KEY);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"km-chart\"", "/experiment.js");
        for (String asset : new String[] {"/index.js", "/experiment.js", "/dashboard.css"}) {
            assertThat(served.get(asset).statusCode()).as(asset).isEqualTo(200);
        }
        String library = page.body().replaceAll("(?s).*<script src=\"(/webjars/[^\"]+)\".*", "$1");
        HttpResponse<String> echarts = served.get(library);
        assertThat(echarts.statusCode()).as(library).isEqualTo(200);
        assertThat(echarts.body()).contains("echarts");
    }
}
