package io.kairos.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.campaign.CampaignFile;
import io.kairos.domain.campaign.CampaignVersion;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The campaign set as versioned documents over HTTP ({@code /api/campaigns/...}) and the whole audit trail ({@code GET
 * /api/audit}) on a real server and database: the same rules and refusals as {@code kairos campaigns}, every problem
 * of an invalid document with its line and column, and every publication in the trail with who made it.
 */
class CampaignAdminApiIT {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String BAD = """
            format: 1
            campaign welcome
              trigger: on page_view
              message:
                channel: fax
                template: Welcome
              guards:
                cooldown: soon
            """;
    static ServedReport served;
    static String defaults;

    @BeforeAll
    static void serve() throws Exception {
        try (InputStream in = CampaignFile.class.getResourceAsStream(CampaignFile.DEFAULT_RESOURCE)) {
            defaults = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        served = ServedReport.start("campaign_api");
    }

    @AfterAll
    static void stop() {
        served.close();
    }

    @Test
    void givenAValidAndAnInvalidDocument_whenValidated_thenCountsAndHashOrEveryProblemWithLineAndColumn()
            throws Exception {
        JsonNode valid = JSON.readTree(post("/api/campaigns/validate", defaults).body());
        HttpResponse<String> invalid = post("/api/campaigns/validate", BAD);

        assertThat(valid.get("valid").asBoolean()).isTrue();
        assertThat(valid.get("campaigns").asInt())
                .isEqualTo(CampaignFile.defaults().campaigns().size());
        assertThat(valid.get("sha256").asString()).isEqualTo(CampaignVersion.sha256(defaults));
        assertThat(invalid.statusCode()).isEqualTo(200);
        JsonNode problems = JSON.readTree(invalid.body()).get("problems");
        assertThat(JSON.readTree(invalid.body()).get("valid").asBoolean()).isFalse();
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0).get("line").asInt()).isEqualTo(5);
        assertThat(problems.get(0).get("column").asInt()).isEqualTo(14);
        assertThat(problems.get(0).get("field").asString()).isEqualTo("message.channel");
        assertThat(problems.get(1).get("message").asString()).startsWith("line 8, column 15: campaign welcome");
    }

    @Test
    void givenDocumentsPublishedOverHttp_whenListedShownComparedAndAudited_thenTheyAreTheVersionsInOrder()
            throws Exception {
        Instant later = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        String second = defaults.replace("Your cart is waiting", "Your basket is waiting");

        HttpResponse<String> invalid = post("/api/campaigns/versions", BAD);
        HttpResponse<String> first = post("/api/campaigns/versions", defaults);
        HttpResponse<String> identical = post("/api/campaigns/versions", defaults);
        HttpResponse<String> past = post("/api/campaigns/versions?effective_at=2020-01-01T00:00:00Z", second);
        HttpResponse<String> notAnInstant = post("/api/campaigns/versions?effective_at=tomorrow", second);
        HttpResponse<String> negativeLead = post("/api/campaigns/versions?lead_seconds=-1", second);
        HttpResponse<String> form = send("/api/campaigns/versions", "application/x-www-form-urlencoded", second);
        HttpResponse<String> empty = post("/api/campaigns/versions", "");
        HttpResponse<String> next = post("/api/campaigns/versions?effective_at=" + later, second);

        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(error(invalid)).isEqualTo("the campaign document is not valid, 2 problems");
        assertThat(JSON.readTree(invalid.body()).get("problems")).hasSize(2);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(first.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/api/campaigns/versions/1"));
        JsonNode one = JSON.readTree(first.body());
        assertThat(one.get("version").asInt()).isEqualTo(1);
        assertThat(one.get("author").asString()).isEqualTo("loopback (no key created)");
        assertThat(one.get("state").asString()).isEqualTo("scheduled");
        assertThat(Instant.parse(one.get("effective_at").asString()))
                .isAfter(Instant.parse(one.get("published_at").asString()).plusSeconds(359));
        assertThat(identical.statusCode()).isEqualTo(409);
        assertThat(error(identical)).contains("identical to version 1");
        assertThat(past.statusCode()).isEqualTo(409);
        assertThat(error(past)).contains("in the past");
        assertThat(notAnInstant.statusCode()).isEqualTo(400);
        assertThat(error(notAnInstant)).contains("is not an ISO instant");
        assertThat(negativeLead.statusCode()).isEqualTo(400);
        assertThat(form.statusCode()).as(form.body()).isEqualTo(415);
        assertThat(error(form)).contains("send the campaign document as text/plain");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(next.statusCode()).as(next.body()).isEqualTo(201);

        JsonNode history = JSON.readTree(get("/api/campaigns/versions").body());
        assertThat(history).hasSize(2);
        assertThat(history.get(0).get("state").asString()).isEqualTo("scheduled");
        assertThat(history.get(1).get("effective_at").asString()).isEqualTo(later.toString());
        assertThat(JSON.readTree(get("/api/campaigns/versions/2").body())
                        .get("document")
                        .asString())
                .isEqualTo(second);
        assertThat(get("/api/campaigns/versions/2/document").body()).isEqualTo(second);
        assertThat(get("/api/campaigns/versions/3").statusCode()).isEqualTo(404);
        assertThat(get("/api/campaigns/versions/0").statusCode()).isEqualTo(400);
        String diff = get("/api/campaigns/diff?from=1&to=2").body();
        assertThat(diff)
                .startsWith("--- version 1\n+++ version 2\n")
                .contains("\n-    template: Your cart is waiting", "\n+    template: Your basket is waiting");
        assertThat(get("/api/campaigns/diff?from=2&to=2").body()).isEmpty();
        assertThat(get("/api/campaigns/diff?from=1").statusCode()).isEqualTo(400);

        JsonNode publications = JSON.readTree(get("/api/campaigns/audit").body());
        assertThat(publications).hasSize(2);
        assertThat(publications.get(1).get("action").asString()).isEqualTo("campaign.publish");
        assertThat(publications.get(1).get("actor").asString()).isEqualTo("loopback (no key created)");
        assertThat(publications.get(1).get("details").get("version").asInt()).isEqualTo(2);
        JsonNode everything = JSON.readTree(get("/api/audit").body());
        assertThat(everything.valueStream().map(e -> e.get("action").asString()))
                .contains("campaign.publish");
        assertThat(JSON.readTree(get("/api/audit?subject=campaigns").body())).isEqualTo(publications);
    }

    static String error(HttpResponse<String> response) {
        return JSON.readTree(response.body()).get("error").asString();
    }

    static HttpResponse<String> post(String path, String body) throws Exception {
        return send(path, "text/plain; charset=utf-8", body);
    }

    static HttpResponse<String> send(String path, String contentType, String body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(served.url(path)))
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String path) throws Exception {
        return served.get(path);
    }
}
