package io.kairos.app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kairos.app.cli.ServeCommand;
import io.kairos.app.cli.ServeRole;
import io.kairos.domain.access.ApiKeys;
import io.kairos.domain.access.IssuedKey;
import io.kairos.domain.access.Role;
import io.kairos.persistence.store.PostgresApiKeyStore;
import io.kairos.report.ReportFixtureDatabase;
import io.kairos.testsupport.TestPostgres;
import io.kairos.testsupport.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code kairos serve} with API keys created: every request mapping of the running server is checked against the
 * access table and refuses a missing, wrong, revoked and wrong-role key with a JSON 401/403; CORS and headers.
 */
class ServeSecurityIT {

    static final String KEY = ReportFixtureDatabase.KEY;
    static final String ALLOWED_ORIGIN = "https://shop.example.com";
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static ReportFixtureDatabase fixture;
    static ConfigurableApplicationContext served;
    static Map<Role, String> keys;
    static String revoked;

    @BeforeAll
    static void serveWithKeys() throws Exception {
        fixture = ReportFixtureDatabase.create("security");
        TestPostgres postgres = fixture.postgres();
        ApiKeys apiKeys = new ApiKeys(
                new PostgresApiKeyStore(DSL.using(postgres.jdbcUrl(), postgres.username(), postgres.password())),
                Clock.systemUTC());
        keys = Map.of(
                Role.INGEST, apiKeys.issue("site", Role.INGEST).secret(),
                Role.READ, apiKeys.issue("analyst", Role.READ).secret(),
                Role.ADMIN, apiKeys.issue("ops", Role.ADMIN).secret());
        IssuedKey old = apiKeys.issue("former analyst", Role.READ);
        apiKeys.revoke(old.stored().prefix());
        revoked = old.secret();
        served = ServeCommand.start(
                0,
                EnumSet.of(ServeRole.API, ServeRole.COLLECTOR, ServeRole.DELIVERY),
                arguments(postgres, "--kairos.security.allowed-origins=" + ALLOWED_ORIGIN));
    }

    @AfterAll
    static void stop() {
        served.close();
    }

    static List<String> arguments(TestPostgres postgres, String... more) {
        List<String> arguments = new ArrayList<>(List.of(
                "--spring.datasource.url=" + postgres.jdbcUrl(),
                "--spring.datasource.username=" + postgres.username(),
                "--spring.datasource.password=" + postgres.password(),
                "--spring.kafka.bootstrap-servers=" + TestServers.kafka().bootstrapServers()));
        arguments.addAll(List.of(more));
        return arguments;
    }

    /** One request mapping of the running server, with its path variables filled in. */
    record Endpoint(String method, String pattern, String path) {}

    static List<Endpoint> endpoints() {
        RequestMappingHandlerMapping mapping =
                served.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
        List<Endpoint> endpoints = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry :
                mapping.getHandlerMethods().entrySet()) {
            RequestMappingInfo info = entry.getKey();
            Set<String> methods = info.getMethodsCondition().getMethods().isEmpty()
                    ? Set.of("GET", "POST")
                    : info.getMethodsCondition().getMethods().stream()
                            .map(Enum::name)
                            .collect(java.util.stream.Collectors.toSet());
            for (String pattern : info.getPatternValues()) {
                for (String method : methods) {
                    endpoints.add(new Endpoint(method, pattern, pattern.replaceAll("\\{[^}]*}", KEY)));
                }
            }
        }
        return endpoints;
    }

    @Test
    void givenTheServersRequestMappings_whenLookingThemUp_thenEachHasARuleOfTheAccessTable() {
        AccessRules rules = served.getBean(AccessRules.class);
        List<Endpoint> endpoints = endpoints();

        assertThat(endpoints)
                .extracting(Endpoint::pattern)
                .contains("/api/experiments", "/experiments/{key}", "/api/v1/events");
        assertThat(endpoints)
                .allSatisfy(endpoint -> assertThat(rules.ruleFor(endpoint.method(), endpoint.path()))
                        .as("the access rule of %s %s (add one to AccessRules)", endpoint.method(), endpoint.pattern())
                        .isPresent());
    }

    @Test
    void givenEveryProtectedEndpoint_whenCalledWithoutWrongRevokedOrWrongRoleKey_thenRefusedWithJson()
            throws Exception {
        AccessRules rules = served.getBean(AccessRules.class);
        int checked = 0;
        for (Endpoint endpoint : endpoints()) {
            Access access = rules.accessFor(endpoint.method(), endpoint.path());
            if (access.role().isEmpty()) {
                continue;
            }
            Role needed = access.role().get();
            String what = endpoint.method() + " " + endpoint.pattern();
            assertRefused(send(endpoint, null), 401, what + " without a key");
            assertRefused(send(endpoint, "kairos_abcdefgh_" + "x".repeat(43)), 401, what + " with an unknown key");
            assertRefused(send(endpoint, "not-a-key"), 401, what + " with garbage");
            assertRefused(send(endpoint, revoked), 401, what + " with a revoked key");
            Role wrong = needed == Role.INGEST ? Role.READ : Role.INGEST;
            assertRefused(send(endpoint, keys.get(wrong)), 403, what + " with a " + wrong.label() + " key");
            if (needed == Role.ADMIN) {
                assertRefused(send(endpoint, keys.get(Role.READ)), 403, what + " with a read key");
            }
            assertThat(send(endpoint, keys.get(needed)).statusCode())
                    .as(what + " with a " + needed.label() + " key")
                    .isNotIn(401, 403);
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(3);
    }

    @Test
    void givenAKeyInTheCollectorsAddress_whenPosted_thenOnlyAnIngestKeyIsTakenThere() throws Exception {
        HttpResponse<String> ingest = beacon("?key=" + keys.get(Role.INGEST));
        HttpResponse<String> read = beacon("?key=" + keys.get(Role.READ));
        HttpResponse<String> unknown = beacon("?key=kairos_abcdefgh_" + "x".repeat(43));

        assertThat(ingest.statusCode()).as(ingest.body()).isEqualTo(400);
        assertThat(ingest.body()).contains("schema-violation");
        assertRefused(read, 401, "a read key in the address");
        assertThat(read.body()).contains("only an ingest key may be sent in the address");
        assertRefused(unknown, 401, "an unknown key in the address");
    }

    @Test
    void givenTheInAppChannel_whenABrowserConnects_thenOnlyAnIngestKeyInTheAddressOpensIt() {
        assertThat(handshake("?user=u1&key=" + keys.get(Role.INGEST))).isEqualTo(101);
        assertThat(handshake("?user=u1")).as("no key").isEqualTo(401);
        assertThat(handshake("?user=u1&key=" + keys.get(Role.READ)))
                .as("a read key in the address")
                .isEqualTo(401);
    }

    /** The status of a WebSocket handshake to the in-app channel: 101 when it opened. */
    static int handshake(String query) {
        try {
            java.net.http.WebSocket socket = HTTP.newWebSocketBuilder()
                    .header("Origin", "http://localhost:" + ServeCommand.port(served))
                    .buildAsync(
                            URI.create("ws://localhost:" + ServeCommand.port(served) + "/api/v1/inbox" + query),
                            new java.net.http.WebSocket.Listener() {})
                    .join();
            socket.abort();
            return 101;
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof java.net.http.WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }

    /** What navigator.sendBeacon sends: a text/plain post from a page of the allowed origin, no custom header. */
    static HttpResponse<String> beacon(String query) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(
                                URI.create("http://localhost:" + ServeCommand.port(served) + "/api/v1/events" + query))
                        .header("Origin", ALLOWED_ORIGIN)
                        .header("Content-Type", "text/plain;charset=UTF-8")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"page_view\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void givenAnAdminKey_whenReading_thenAdminImpliesRead() throws Exception {
        HttpResponse<String> response = get("/api/experiments", "Authorization", "Bearer " + keys.get(Role.ADMIN));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains(KEY);
    }

    @Test
    void givenTheDashboardShell_whenLoadedWithoutKey_thenItIsServedWithSecurityHeaders() throws Exception {
        HttpResponse<String> page = get("/", "Accept", "text/html");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValue(HttpSecurityConfiguration.CONTENT_SECURITY_POLICY);
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(get("/auth.js", "Accept", "*/*").statusCode()).isEqualTo(200);
        assertThat(get("/experiments/" + KEY, "Accept", "text/html").statusCode())
                .isEqualTo(200);
    }

    @Test
    void givenAnUnknownAddress_whenCalledWithAnAdminKey_thenDenied() throws Exception {
        HttpResponse<String> response = get("/internal/anything", "X-Kairos-Key", keys.get(Role.ADMIN));

        assertRefused(response, 403, "an address without a rule");
    }

    @Test
    void givenCollectorPreflights_whenFromTheAllowedAndAnotherOrigin_thenOnlyTheAllowedOneMayPost() throws Exception {
        HttpResponse<String> allowed = preflight(ALLOWED_ORIGIN);
        HttpResponse<String> refused = preflight("https://evil.example.net");

        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ALLOWED_ORIGIN);
        assertThat(allowed.headers()
                        .firstValue("Access-Control-Allow-Headers")
                        .orElse("")
                        .toLowerCase())
                .contains("x-kairos-key");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void givenNoKeyCreated_whenServingOnANonLoopbackAddress_thenTheStartIsRefusedSayingHow() throws Exception {
        TestPostgres empty = ReportFixtureDatabase.create("security_nokeys").postgres();

        assertThatThrownBy(() -> ServeCommand.start(0, arguments(empty, "--server.address=0.0.0.0")))
                .hasMessageContaining("refusing to serve on 0.0.0.0 without API keys")
                .hasMessageContaining("kairos keys create --role read --name NAME");
    }

    @Test
    void givenADatabaseWithoutTheKeysTable_whenServing_thenTheStartIsRefusedSayingHowToMigrate() {
        TestPostgres unmigrated = TestServers.postgres().freshDatabase("security_unmigrated");

        assertThatThrownBy(() -> ServeCommand.start(0, arguments(unmigrated)))
                .hasMessageContaining("cannot read the API keys (table api_key, migration V15)")
                .hasMessageContaining("'kairos up'");
    }

    @Test
    void givenNoKeyCreatedOnLoopback_whenACrossSiteFormPosts_thenRefusedWhileLocalReadsAreOpen() throws Exception {
        TestPostgres empty = ReportFixtureDatabase.create("security_open").postgres();
        try (ConfigurableApplicationContext open = ServeCommand.start(0, arguments(empty))) {
            String base = "http://localhost:" + ServeCommand.port(open);
            HttpResponse<String> read = HTTP.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/experiments"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> crossSite = HTTP.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/experiments/" + KEY))
                            .header("Origin", "https://evil.example.net")
                            .POST(HttpRequest.BodyPublishers.ofString("a=b"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(read.statusCode()).isEqualTo(200);
            assertRefused(crossSite, 401, "a cross-site post in the open mode");
        }
    }

    static HttpResponse<String> preflight(String origin) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(base() + "/api/v1/events"))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", origin)
                        .header("Access-Control-Request-Method", "POST")
                        .header("Access-Control-Request-Headers", "content-type,x-kairos-key")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static void assertRefused(HttpResponse<String> response, int status, String what) {
        assertThat(response.statusCode()).as(what).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .as(what)
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("status").asInt()).as(what).isEqualTo(status);
        assertThat(body.get("message").asString()).as(what).isNotBlank();
    }

    static HttpResponse<String> send(Endpoint endpoint, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + endpoint.path()))
                .method(
                        endpoint.method(),
                        endpoint.method().equals("GET")
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/json");
        if (key != null) {
            request.header("X-Kairos-Key", key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String path, String header, String value) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(base() + path))
                        .header(header, value)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String base() {
        return "http://localhost:" + ServeCommand.port(served);
    }
}
