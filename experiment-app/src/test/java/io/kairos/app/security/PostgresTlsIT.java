package io.kairos.app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kairos.app.cli.InProcessKairos;
import io.kairos.app.cli.InProcessKairos.Run;
import io.kairos.embedded.EmbeddedPostgresServer;
import io.kairos.testsupport.TestCertificates;
import io.kairos.testsupport.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL over TLS with {@code sslmode=verify-full}, as docs/security.md configures it, against an embedded server
 * that offers TLS with a certificate generated for the test (valid for {@code localhost} and {@code 127.0.0.1}): the
 * app's own command migrates and writes through that URL on an encrypted connection; a root certificate that did not
 * sign the server's, or a host name the certificate does not name, is refused with a sentence pointing at the URL.
 */
class PostgresTlsIT {

    static EmbeddedPostgresServer server;
    static TestCertificates certificates;
    static TestCertificates impostor;

    @BeforeAll
    static void startServerWithTls() throws Exception {
        Path work = Files.createTempDirectory("kairos-pg-tls");
        certificates = TestCertificates.generate(work.resolve("server"), "postgres-server");
        impostor = TestCertificates.generate(work.resolve("impostor"), "impostor");
        Files.setPosixFilePermissions(certificates.privateKeyPem(), PosixFilePermissions.fromString("rw-------"));
        server = EmbeddedPostgresServer.start(
                work.resolve("data"),
                Path.of(System.getProperty("java.io.tmpdir"), "kairos-embedded-pg"),
                0,
                "kairos",
                Map.of(
                        "ssl", "on",
                        "ssl_cert_file", certificates.certificatePem().toString(),
                        "ssl_key_file", certificates.privateKeyPem().toString()));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static String url(String host, Path rootCertificate) {
        return "jdbc:postgresql://" + host + ":" + server.port() + "/kairos?sslmode=verify-full&sslrootcert="
                + rootCertificate;
    }

    @Test
    void givenVerifyFullWithTheServersRoot_whenConnecting_thenTheConnectionIsEncrypted() throws Exception {
        try (Connection connection = connect(url("localhost", certificates.certificatePem()));
                Statement statement = connection.createStatement();
                ResultSet row =
                        statement.executeQuery("select ssl, version from pg_stat_ssl where pid = pg_backend_pid()")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getBoolean("ssl")).isTrue();
            assertThat(row.getString("version")).startsWith("TLSv1.");
        }
    }

    @Test
    void givenVerifyFull_whenTheAppsCommandRunsThroughTheUrl_thenItMigratesAndWrites() throws Exception {
        Run run = run(url("127.0.0.1", certificates.certificatePem()));

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("(?m)^kairos_[a-z2-7]{8}_\\S{43}$");
        try (Connection connection = connect(url("localhost", certificates.certificatePem()));
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("select count(*) from api_key where name = 'tls-check'")) {
            row.next();
            assertThat(row.getLong(1)).isEqualTo(1);
        }
    }

    @Test
    void givenARootThatDidNotSignTheServersCertificate_whenConnecting_thenRefusedWithASentence() {
        assertThatThrownBy(() -> connect(url("localhost", impostor.certificatePem())))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("SSL");

        Run run = run(url("localhost", impostor.certificatePem()));
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err())
                .contains("cannot use PostgreSQL:")
                .contains("Check POSTGRES_JDBC_URL / spring.datasource.url");
    }

    @Test
    void givenAHostTheCertificateDoesNotName_whenConnectingWithVerifyFull_thenRefused() {
        assertThatThrownBy(() -> connect(url("127.0.0.2", certificates.certificatePem())))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("127.0.0.2");
    }

    static Connection connect(String url) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", EmbeddedPostgresServer.USER);
        properties.setProperty("connectTimeout", "10");
        return DriverManager.getConnection(url, properties);
    }

    /** {@code kairos keys create} in this JVM through {@code url}: a command that migrates, then writes. */
    static Run run(String url) {
        return InProcessKairos.run(
                "keys",
                "create",
                "--role",
                "read",
                "--name",
                "tls-check",
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + EmbeddedPostgresServer.USER,
                "--spring.kafka.bootstrap-servers=" + TestServers.kafka().bootstrapServers());
    }
}
