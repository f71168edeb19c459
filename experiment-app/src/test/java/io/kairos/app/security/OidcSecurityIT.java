package io.kairos.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.kairos.app.cli.ServeCommand;
import io.kairos.app.cli.ServeRole;
import io.kairos.domain.access.ApiKeys;
import io.kairos.domain.access.Role;
import io.kairos.persistence.store.PostgresApiKeyStore;
import io.kairos.report.ReportFixtureDatabase;
import io.kairos.testsupport.TestPostgres;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Consumer;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The OAuth2/OIDC resource-server mode of {@code kairos serve} against a local identity provider (an HTTP server in
 * the test publishing an OpenID discovery document and its JWK set, signing RS256 tokens): the roles of a token's
 * {@code roles} claim open what an API key of that role opens; an expired token, a forged signature, another issuer
 * or audience is refused with a JSON 401 saying why; a token without a Kairos role is refused 403; API keys keep
 * working beside tokens; and with an identity provider the server is never open, so it may listen on every address
 * before any key exists.
 */
class OidcSecurityIT {

    static final String AUDIENCE = "kairos-api";

    static HttpServer identityProvider;
    static String issuer;
    static RSAKey signingKey;
    static ConfigurableApplicationContext served;
    static TestPostgres postgres;

    @BeforeAll
    static void serveWithAnIdentityProvider() throws Exception {
        signingKey = new RSAKeyGenerator(2048).keyID("kairos-test-1").generate();
        identityProvider = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        issuer = "http://127.0.0.1:" + identityProvider.getAddress().getPort() + "/realms/shop";
        identityProvider.createContext("/realms/shop/.well-known/openid-configuration", exchange -> {
            byte[] body = ("{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/protocol/certs\","
                            + "\"subject_types_supported\":[\"public\"],"
                            + "\"id_token_signing_alg_values_supported\":[\"RS256\"]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        identityProvider.createContext("/realms/shop/protocol/certs", exchange -> {
            byte[] body = new JWKSet(signingKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        identityProvider.start();

        postgres = ReportFixtureDatabase.create("security_oidc").postgres();
        served = ServeCommand.start(
                0,
                EnumSet.of(ServeRole.API, ServeRole.COLLECTOR),
                ServeSecurityIT.arguments(
                        postgres,
                        "--server.address=0.0.0.0",
                        "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + issuer,
                        "--spring.security.oauth2.resourceserver.jwt.audiences=" + AUDIENCE));
    }

    @AfterAll
    static void stop() {
        if (served != null) {
            served.close();
        }
        if (identityProvider != null) {
            identityProvider.stop(0);
        }
    }

    @Test
    void givenTokensWithTheReadOrAdminRole_whenReadingExperiments_thenServed() throws Exception {
        for (String role : List.of("read", "admin")) {
            HttpResponse<String> response =
                    get("/api/experiments", token(claims -> claims.claim("roles", List.of(role))));

            assertThat(response.statusCode()).as(role + ": " + response.body()).isEqualTo(200);
            assertThat(response.body()).contains(ReportFixtureDatabase.KEY);
        }
    }

    @Test
    void givenATokenWithoutTheNeededRole_whenCalled_thenRefused403WithJson() throws Exception {
        ServeSecurityIT.assertRefused(
                get("/api/experiments", token(claims -> claims.claim("roles", List.of("ingest", "offline_access")))),
                403,
                "an ingest token reading");
        ServeSecurityIT.assertRefused(get("/api/experiments", token(claims -> {})), 403, "a token with no role");
        ServeSecurityIT.assertRefused(
                get(
                        "/api/experiments/" + ReportFixtureDatabase.KEY + "/report",
                        token(claims -> claims.claim("roles", List.of("ingest")))),
                403,
                "an ingest token reading a report");
    }

    @Test
    void givenAnIngestToken_whenPostingToTheCollector_thenTheRequestReachesIt() throws Exception {
        HttpResponse<String> response = ServeSecurityIT.HTTP.send(
                HttpRequest.newBuilder(URI.create(base() + "/api/v1/events"))
                        .header("Authorization", "Bearer " + token(claims -> claims.claim("roles", List.of("ingest"))))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"page_view\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("schema-violation");
    }

    @Test
    void givenTokensThatDoNotVerify_whenCalled_thenRefused401SayingWhy() throws Exception {
        RSAKey forger = new RSAKeyGenerator(2048).keyID(signingKey.getKeyID()).generate();
        Consumer<JWTClaimsSet.Builder> reader = claims -> claims.claim("roles", List.of("read"));

        assertRefusedSaying(
                get(
                        "/api/experiments",
                        token(reader.andThen(claims -> claims.issueTime(
                                        Date.from(Instant.now().minus(Duration.ofHours(2))))
                                .expirationTime(Date.from(Instant.now().minus(Duration.ofMinutes(10))))))),
                "expired");
        assertRefusedSaying(get("/api/experiments", token(forger, reader)), "signature");
        assertRefusedSaying(
                get("/api/experiments", token(reader.andThen(claims -> claims.issuer("https://elsewhere.example")))),
                "iss");
        assertRefusedSaying(
                get("/api/experiments", token(reader.andThen(claims -> claims.audience("another-api")))), "aud");
        ServeSecurityIT.assertRefused(get("/api/experiments", "eyJhbGciOiJub25lIn0.e30."), 401, "an unsigned token");
    }

    @Test
    void givenAnIdentityProvider_whenNoKeyOrTokenIsSent_thenTheServerIsNotOpen() throws Exception {
        ServeSecurityIT.assertRefused(
                ServeSecurityIT.HTTP.send(
                        HttpRequest.newBuilder(URI.create(base() + "/api/experiments"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString()),
                401,
                "no credentials, no key created, listening on every address");
    }

    @Test
    void givenAnApiKeyBesideTheIdentityProvider_whenUsed_thenItStillOpensWhatItsRoleAllows() throws Exception {
        ApiKeys keys = new ApiKeys(
                new PostgresApiKeyStore(DSL.using(postgres.jdbcUrl(), postgres.username(), postgres.password())),
                Clock.systemUTC());
        String read = keys.issue("analyst", Role.READ).secret();

        assertThat(get("/api/experiments", read).statusCode()).isEqualTo(200);
        ServeSecurityIT.assertRefused(get("/api/experiments", "kairos_abcdefgh_" + "x".repeat(43)), 401, "unknown key");
    }

    static void assertRefusedSaying(HttpResponse<String> response, String reason) {
        ServeSecurityIT.assertRefused(response, 401, "a token refused for " + reason);
        assertThat(response.body()).contains("the access token was refused").containsIgnoringCase(reason);
    }

    static String token(Consumer<JWTClaimsSet.Builder> claims) throws JOSEException {
        return token(signingKey, claims);
    }

    /** A token as the identity provider issues it (subject, issuer, audience, an hour's life), changed by claims. */
    static String token(RSAKey key, Consumer<JWTClaimsSet.Builder> claims) throws JOSEException {
        Instant now = Instant.now();
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
                .subject("analyst@shop.example")
                .issuer(issuer)
                .audience(AUDIENCE)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1))));
        claims.accept(builder);
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), builder.build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    static HttpResponse<String> get(String path, String bearer) throws Exception {
        return ServeSecurityIT.HTTP.send(
                HttpRequest.newBuilder(URI.create(base() + path))
                        .header("Authorization", "Bearer " + bearer)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String base() {
        return "http://localhost:" + ServeCommand.port(served);
    }
}
