package io.kairos.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.app.PackagedKairos.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** Runs the packaged {@code kairos.jar} as a user does: a separate JVM, real embedded servers, real exit codes. */
class KairosCommandLineIT {

    /** A log line as application.properties' console pattern writes it. */
    private static final Pattern LOG_LINE =
            Pattern.compile("^\\d{2}:\\d{2}:\\d{2}\\.\\d{3} (TRACE|DEBUG|INFO|WARN|ERROR) ");

    private static final Duration LIMIT = Duration.ofSeconds(120);

    @TempDir
    Path workDir;

    @Test
    void givenHelpOption_whenRun_thenEveryCommandIsListed() throws Exception {
        Run run = kairos(Map.of(), "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("doctor").contains("up").contains("Usage: kairos");
    }

    @Test
    void givenUnknownArgument_whenRun_thenExitCode2WithASentence() throws Exception {
        Run run = kairos(Map.of(), "doctor", "--bogus");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown argument '--bogus'");
    }

    @Test
    void givenNoConfiguration_whenUpStoppedBySigtermAndDoctorRunAfter_thenServersStopCleanlyAndDataIsKept()
            throws Exception {
        Run before = kairos(Map.of(), "doctor", "--kairos.embedded.postgres-port=0", "--kairos.embedded.kafka-port=0");
        assertThat(before.exitCode()).as(before.err()).isZero();
        assertThat(before.out())
                .contains("PostgreSQL  ok", "server     PostgreSQL 17.", "Kafka       ok", "server     Kafka 4.")
                .containsPattern("schema     version none \\(empty database\\), 0 applied, [1-9][0-9]* pending");

        Process up = start(Map.of(), "up", "--kairos.embedded.postgres-port=0", "--kairos.embedded.kafka-port=0");
        ProcessOutput upOut = ProcessOutput.of(up.getInputStream(), LIMIT);
        ProcessOutput upErr = ProcessOutput.of(up.getErrorStream(), LIMIT);
        upOut.awaitLine("Kairos is up.", up);
        assertThat(workDir.resolve("data/postgres/postmaster.pid")).exists();
        up.toHandle().destroy(); // SIGTERM, as a service manager sends it; keeps our pipes open
        assertThat(up.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        String log = upOut.whenClosed() + upErr.whenClosed();
        assertThat(log)
                .contains("Embedded Kafka broker on port", "Embedded PostgreSQL on port")
                .contains("stopped");
        assertThat(workDir.resolve("data/postgres/postmaster.pid")).doesNotExist();

        Run after = kairos(Map.of(), "doctor", "--kairos.embedded.postgres-port=0", "--kairos.embedded.kafka-port=0");
        assertThat(after.exitCode()).as(after.err()).isZero();
        assertThat(after.out()).containsPattern("schema     version [0-9.]+, [1-9][0-9]* applied, 0 pending");
        assertThat(after.out())
                .contains("user-activity")
                .contains("user-activity.dlq")
                .contains("decisions");
    }

    @Test
    void givenUnreachableExternalPostgres_whenDoctorRuns_thenOneLineErrorAndExitCode1() throws Exception {
        Run run = kairos(
                Map.of("POSTGRES_JDBC_URL", "jdbc:postgresql://127.0.0.1:1/kairos"),
                "doctor",
                "--kairos.embedded.kafka-port=0");
        assertThat(run.exitCode()).isEqualTo(1);
        List<String> lines = messages(run.err());
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0))
                .startsWith("kairos doctor: ")
                .contains("PostgreSQL")
                .contains("refused");
    }

    @Test
    void givenUnreachableExternalKafka_whenDoctorRuns_thenOneLineErrorAndExitCode1() throws Exception {
        Run run =
                kairos(Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1"), "doctor", "--kairos.embedded.postgres-port=0");
        assertThat(run.exitCode()).isEqualTo(1);
        List<String> lines = messages(run.err());
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).isEqualTo("kairos doctor: Kafka is unreachable at 127.0.0.1:1: no answer within 10 s");
    }

    @Test
    void givenNoConfiguration_whenSmallDemoRuns_thenFreshEmbeddedServersAndTheComparisonReport() throws Exception {
        Files.createDirectories(workDir.resolve("data/demo/leftover"));

        Run run = kairos(
                Map.of(), Duration.ofMinutes(5), "demo", "--users", "300", "--days", "1", "--attribution-days", "1");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err())
                .contains("kairos demo: experiment demo, 300 users, 1 + 1 days")
                .contains("day  2.0/2 [########################] 100%")
                .contains("2 nightly runs");
        assertThat(run.out()).contains("users assigned", "realtime vs batch");
        assertThat(run.out())
                .as("the demo registers its plan before it runs, and its report is that plan's analysis")
                .contains("attribution window 24 h")
                .contains("Analysis: the pre-registered plan (primary conversion, attribution window 24 h");
        assertThat(run.out()).as("log lines go to standard error").doesNotContain(" INFO ");
        assertThat(workDir.resolve("data/demo-report.html")).content().contains("<svg");
        assertThat(workDir.resolve("data/demo/leftover")).doesNotExist();

        Run report = kairos(
                Map.of(),
                "report",
                "--experiment",
                "demo",
                "--data-dir",
                "data/demo",
                "--json",
                "--kairos.embedded.postgres-port=0",
                "--kairos.embedded.kafka-port=0");

        assertThat(report.exitCode()).as(report.err()).isZero();
        assertThat(JsonMapper.shared().readTree(report.out()).path("arms").size())
                .as("standard output is the JSON document alone")
                .isEqualTo(3);
    }

    @Test
    void givenAFreshDataDirectory_whenReportRuns_thenExitCode1WithHowToMigrate() throws Exception {
        Run run = kairos(
                Map.of(),
                "report",
                "--experiment",
                "demo",
                "--kairos.embedded.postgres-port=0",
                "--kairos.embedded.kafka-port=0");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("no Kairos schema", "'kairos up' applies them");
        assertThat(run.out()).isEmpty();
    }

    /** Standard error without the log lines (which go there too): what the command itself said. */
    private static List<String> messages(String err) {
        return err.lines().filter(line -> !LOG_LINE.matcher(line).find()).toList();
    }

    private Run kairos(Map<String, String> env, String... args) throws Exception {
        return kairos(env, LIMIT, args);
    }

    private Run kairos(Map<String, String> env, Duration limit, String... args) throws Exception {
        return PackagedKairos.run(workDir, env, limit, args);
    }

    private Process start(Map<String, String> env, String... args) throws IOException {
        return PackagedKairos.start(workDir, env, args);
    }
}
