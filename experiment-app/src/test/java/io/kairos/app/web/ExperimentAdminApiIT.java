package io.kairos.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.app.cli.ServeCommand;
import io.kairos.app.cli.ServeRole;
import io.kairos.report.ReportFixtureDatabase;
import io.kairos.testsupport.TestPostgres;
import io.kairos.testsupport.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The experiment lifecycle over HTTP ({@code POST /api/experiments}, {@code /start}, {@code /stop}, {@code GET
 * /audit}) on a real server and database: bad documents get 400 with every problem, forbidden changes 409, unknown
 * experiments 404, and the trail names who acted (here the loopback open mode; with keys, the key).
 */
class ExperimentAdminApiIT {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static ConfigurableApplicationContext served;

    @BeforeAll
    static void serve() throws Exception {
        TestPostgres postgres = ReportFixtureDatabase.create("admin_api").postgres();
        served = ServeCommand.start(
                0,
                Set.of(ServeRole.API),
                List.of(
                        "--spring.datasource.url=" + postgres.jdbcUrl(),
                        "--spring.datasource.username=" + postgres.username(),
                        "--spring.datasource.password=" + postgres.password(),
                        "--spring.kafka.bootstrap-servers="
                                + TestServers.kafka().bootstrapServers()));
    }

    @AfterAll
    static void stop() {
        served.close();
    }

    @Test
    void givenBadDocuments_whenCreating_thenBadRequestWithEveryProblem() throws Exception {
        HttpResponse<String> notJson = post("/api/experiments", "{key:");
        HttpResponse<String> badPlan = post(
                "/api/experiments",
                "{\"key\":\"bad\",\"plan\":{\"primary_metric\":\"clicks\",\"alpha\":0.9,\"attribution_window_hours\":"
                        + "72,\"horizon_hours\":48}}");
        HttpResponse<String> badArm =
                post("/api/experiments", "{\"key\":\"bad\",\"arms\":[{\"arm\":\"batch\",\"weight\":0}],\"plan\":{}}");
        HttpResponse<String> noPlan = post("/api/experiments", "{\"key\":\"bad\"}");
        HttpResponse<String> badKey = post("/api/experiments", "{\"key\":\"q1 checkout\",\"plan\":{}}");

        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(error(notJson)).startsWith("the body is not JSON");
        assertThat(badPlan.statusCode()).isEqualTo(400);
        assertThat(error(badPlan))
                .contains("the primary metric must be one of", "alpha must be in (0, 0.5]")
                .contains("must be longer than the attribution window");
        assertThat(badArm.statusCode()).isEqualTo(400);
        assertThat(error(badArm)).contains("a whole weight of at least 1");
        assertThat(noPlan.statusCode()).isEqualTo(400);
        assertThat(error(noPlan)).startsWith("plan is required");
        assertThat(badKey.statusCode()).isEqualTo(400);
        assertThat(error(badKey)).startsWith("experiment key 'q1 checkout' must be 1 to 100 letters");
    }

    @Test
    void givenADraftCreatedOverHttp_whenStartedChangedAndStopped_thenTheLifecycleHoldsAndIsAudited() throws Exception {
        String document = "{\"key\":\"http-exp\",\"description\":\"Over HTTP\",\"arms\":[{\"arm\":\"batch\","
                + "\"weight\":50},{\"arm\":\"realtime\",\"weight\":50}],\"plan\":{\"primary_metric\":\"conversion\","
                + "\"secondary_metrics\":[\"click_through\"],\"attribution_window_hours\":72,\"horizon_hours\":336}}";

        HttpResponse<String> created = post("/api/experiments", document);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode draft = JSON.readTree(created.body());
        assertThat(draft.get("status").asString()).isEqualTo("draft");
        assertThat(draft.get("plan").get("attribution_window_hours").asLong()).isEqualTo(72);

        HttpResponse<String> started = post("/api/experiments/http-exp/start", "");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        assertThat(JSON.readTree(started.body()).get("planned_end").isNull()).isFalse();

        HttpResponse<String> changed = post("/api/experiments", document);
        assertThat(changed.statusCode()).isEqualTo(409);
        assertThat(error(changed)).contains("cannot change after the start");

        assertThat(post("/api/experiments/http-exp/stop", "").statusCode()).isEqualTo(200);
        assertThat(post("/api/experiments/http-exp/stop", "").statusCode()).isEqualTo(409);
        assertThat(post("/api/experiments/nope/start", "").statusCode()).isEqualTo(404);

        JsonNode audit = JSON.readTree(get("/api/experiments/http-exp/audit").body());
        assertThat(audit).hasSize(3);
        assertThat(audit.get(0).get("action").asString()).isEqualTo("experiment.create");
        assertThat(audit.get(0).get("actor").asString()).isEqualTo("loopback (no key created)");
        assertThat(audit.get(0).get("details").get("arms").get(1).get("weight").asInt())
                .isEqualTo(50);
        assertThat(audit.get(2).get("action").asString()).isEqualTo("experiment.stop");
    }

    @Test
    void givenExperimentsOfOneLayerOverHttp_whenRangesOverlap_thenConflictAndABadLayerIsABadRequest() throws Exception {
        String template = "{\"key\":\"%s\",\"layer\":\"%s\",\"plan\":{\"primary_metric\":\"conversion\","
                + "\"attribution_window_hours\":72,\"horizon_hours\":336}}";

        HttpResponse<String> first = post("/api/experiments", template.formatted("http-layer-a", "search:0-3000"));
        HttpResponse<String> overlapping =
                post("/api/experiments", template.formatted("http-layer-b", "search:2999-4000"));
        HttpResponse<String> badLayer = post("/api/experiments", template.formatted("http-layer-c", "search"));

        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(JSON.readTree(first.body()).get("layer").asString()).isEqualTo("search:0-3000");
        assertThat(overlapping.statusCode()).isEqualTo(409);
        assertThat(error(overlapping)).contains("overlaps search:0-3000 of experiment 'http-layer-a'");
        assertThat(badLayer.statusCode()).isEqualTo(400);
        assertThat(error(badLayer)).contains("must read NAME:FROM-TO");
    }

    static String error(HttpResponse<String> response) {
        return JSON.readTree(response.body()).get("error").asString();
    }

    static HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(base() + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(base() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String base() {
        return "http://localhost:" + ServeCommand.port(served);
    }
}
