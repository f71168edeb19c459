package io.kairos.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.app.PackagedKairos;
import io.kairos.app.ProcessOutput;
import io.kairos.testsupport.TestPostgres;
import io.kairos.testsupport.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code kairos} with configured secrets (a database password, a Kafka JAAS password, a webhook's signing
 * secret, the in-app identity secret) runs {@code keys create}, {@code keys list}, {@code doctor} and a short
 * {@code serve} with the Actuator {@code env} endpoint exposed; nothing it prints, logs or answers holds a secret or
 * the key it created (only the key's visible prefix), whatever the requests.
 */
class SecretsHygieneIT {

    private static final Duration LIMIT = Duration.ofSeconds(120);
    private static final String DB_PASSWORD = "pg-Secret-7f3c9a1e";
    private static final String KAFKA_PASSWORD = "kafka-Secret-51b8d2c0";
    private static final String WEBHOOK_SECRET = "webhook-Secret-9d04e6b7";
    private static final String IDENTITY_SECRET = "identity-Secret-2a7c55f1";
    private static final Pattern CREATED_KEY = Pattern.compile("^(kairos_[a-z2-7]{8})_\\S{43}$", Pattern.MULTILINE);
    private static final Pattern DASHBOARD = Pattern.compile("http://localhost:(\\d+)/");

    @TempDir
    Path workDir;

    private final List<String> printed = new ArrayList<>();

    @Test
    void givenConfiguredSecrets_whenRunningKeysDoctorAndServe_thenNoSecretAppearsInAnyOutput() throws Exception {
        TestPostgres admin = TestServers.postgres();
        TestPostgres database = admin.freshDatabase("hygiene");
        String name = database.jdbcUrl().replaceAll(".*/([^/?]+).*", "$1");
        String role = name + "_app";
        try (Connection connection = admin.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("create role " + role + " login password '" + DB_PASSWORD + "'");
            statement.execute("alter database " + name + " owner to " + role);
        }
        Map<String, String> env = Map.of(
                "POSTGRES_JDBC_URL", database.jdbcUrl(),
                "POSTGRES_USER", role,
                "POSTGRES_PASSWORD", DB_PASSWORD);
        List<String> kafka = List.of(
                "--spring.kafka.bootstrap-servers=" + TestServers.kafka().bootstrapServers(),
                "--spring.kafka.properties.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule"
                        + " required username=\"app\" password=\"" + KAFKA_PASSWORD + "\";");

        String adminKey = adminKey(env);
        String created = run(env, List.of("keys", "create", "--role", "read", "--name", "hygiene"));
        Matcher key = CREATED_KEY.matcher(created);
        assertThat(key.find()).as(created).isTrue();
        String secretKey = key.group();
        String prefix = key.group(1);
        printed.clear();
        assertThat(run(env, List.of("keys", "list"))).contains(prefix, "hygiene", "read");
        List<String> doctor = new ArrayList<>(List.of("doctor"));
        doctor.addAll(kafka);
        run(env, doctor);
        List<String> serve = new ArrayList<>(List.of(
                "serve",
                "--port=0",
                "--kairos.delivery.webhooks.email.url=http://127.0.0.1:9/relay",
                "--kairos.delivery.webhooks.email.secret=" + WEBHOOK_SECRET,
                "--kairos.delivery.in-app.identity-secret=" + IDENTITY_SECRET,
                "--management.endpoints.web.exposure.include=health,prometheus,env"));
        serve.addAll(kafka);
        serveBriefly(env, serve, secretKey, adminKey);

        String everything = String.join("\n", printed);
        assertThat(everything)
                .contains("Kairos is serving", "PostgreSQL", "kairos.delivery.webhooks.email.secret")
                .doesNotContain(
                        DB_PASSWORD,
                        KAFKA_PASSWORD,
                        WEBHOOK_SECRET,
                        IDENTITY_SECRET,
                        secretKey,
                        secretKey.substring(prefix.length() + 1),
                        adminKey.substring(adminKey.indexOf('_', 7) + 1));
    }

    private String adminKey(Map<String, String> env) throws Exception {
        Matcher key = CREATED_KEY.matcher(run(env, List.of("keys", "create", "--role", "admin", "--name", "ops")));
        assertThat(key.find()).isTrue();
        return key.group();
    }

    private void serveBriefly(Map<String, String> env, List<String> arguments, String key, String admin)
            throws Exception {
        Process serve = start(env, arguments);
        ProcessOutput out = ProcessOutput.of(serve.getInputStream(), LIMIT);
        ProcessOutput err = ProcessOutput.of(serve.getErrorStream(), LIMIT);
        try {
            out.awaitLine("Kairos is serving", serve);
            HttpClient http = HttpClient.newHttpClient();
            Matcher port = DASHBOARD.matcher(out.soFar());
            assertThat(port.find()).as(out.soFar()).isTrue();
            String base = "http://localhost:" + port.group(1);
            int good = http.send(
                            HttpRequest.newBuilder(URI.create(base + "/api/experiments"))
                                    .header("Authorization", "Bearer " + key)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .statusCode();
            HttpResponse<String> bad = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/experiments"))
                            .header("X-Kairos-Key", key.substring(0, key.length() - 2) + "zz")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(good).isEqualTo(200);
            assertThat(bad.statusCode()).isEqualTo(401);
            printed.add(bad.body());
            for (String path : List.of("/actuator/env", "/actuator/env/kairos.delivery.webhooks.email.secret")) {
                HttpResponse<String> shown = http.send(
                        HttpRequest.newBuilder(URI.create(base + path))
                                .header("X-Kairos-Key", admin)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(shown.statusCode()).as(path + ": " + shown.body()).isEqualTo(200);
                assertThat(shown.body()).as(path).contains("******");
                printed.add(shown.body());
            }
        } finally {
            serve.toHandle().destroy();
            serve.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS);
            printed.add(out.whenClosed());
            printed.add(err.whenClosed());
        }
    }

    private String run(Map<String, String> env, List<String> arguments) throws Exception {
        Process process = start(env, arguments);
        ProcessOutput out = ProcessOutput.of(process.getInputStream(), LIMIT);
        ProcessOutput err = ProcessOutput.of(process.getErrorStream(), LIMIT);
        if (!process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("kairos " + arguments + " did not finish within " + LIMIT);
        }
        String stdout = out.whenClosed();
        String stderr = err.whenClosed();
        assertThat(process.exitValue()).as(arguments + ": " + stderr).isZero();
        printed.add(stdout);
        printed.add(stderr);
        return stdout;
    }

    private Process start(Map<String, String> env, List<String> arguments) throws Exception {
        return PackagedKairos.builder(workDir, List.of(), env, arguments).start();
    }
}
