package io.kairos.app.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.app.PackagedKairos;
import io.kairos.app.ProcessOutput;
import io.kairos.embedded.EmbeddedKafkaServer;
import io.kairos.testsupport.TestKafka;
import io.kairos.testsupport.TestPostgres;
import io.kairos.testsupport.TestServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged app against a broker that only SCRAM-SHA-512 accounts can use (SASL_PLAINTEXT): with the right {@code
 * spring.kafka.*} security settings {@code kairos stream} creates its topics, consumes events and publishes decisions,
 * and {@code kairos doctor} reports the cluster; without credentials, with a wrong password, or with a setting that
 * contradicts exactly-once, the command exits with one clear sentence instead of hanging.
 */
class SecuredKafkaIT {

    private static final Duration LIMIT = Duration.ofSeconds(120);
    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"" + TestServers.SCRAM_USER + "\" password=\"%s\";";

    @TempDir
    Path workDir;

    private final TestKafka kafka = TestServers.scramKafka();

    @Test
    void givenScramCredentials_whenStreamRuns_thenItCreatesTopicsConsumesEventsAndPublishesDecisions()
            throws Exception {
        TestPostgres postgres = TestServers.postgres().freshDatabase("secured_stream");
        String suffix = Long.toString(System.nanoTime());
        String activity = "secured-activity-" + suffix;
        String decisions = "secured-decisions-" + suffix;
        String experimentKey = "secured-" + suffix;
        String user = LiveStreamCheck.realtimeUser(experimentKey);

        Process stream = kairos(
                Map.of(), stream(postgres, suffix, activity, decisions, experimentKey, TestServers.SCRAM_PASSWORD));
        ProcessOutput out = ProcessOutput.of(stream.getInputStream(), LIMIT);
        ProcessOutput err = ProcessOutput.of(stream.getErrorStream(), LIMIT);
        try {
            out.awaitLine("Kairos is streaming.", stream);
            LiveStreamCheck.assertAbandonedCartIsDecided(kafka, activity, decisions, user, LIMIT);
        } finally {
            stream.toHandle().destroy();
        }
        assertThat(stream.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        String log = out.whenClosed() + err.whenClosed();
        assertThat(stream.exitValue()).as(log).isEqualTo(143);
        assertThat(log).contains("realtime-" + experimentKey + ": assigned").doesNotContain("ERROR");
    }

    @Test
    void givenScramCredentialsAsEnvironmentVariables_whenDoctorRuns_thenItReportsTheCluster() throws Exception {
        Process doctor = kairos(
                Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS",
                        kafka.bootstrapServers(),
                        "SPRING_KAFKA_SECURITY_PROTOCOL",
                        "SASL_PLAINTEXT",
                        "SPRING_KAFKA_PROPERTIES_SASL_MECHANISM",
                        EmbeddedKafkaServer.SCRAM_MECHANISM,
                        "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG",
                        JAAS.formatted(TestServers.SCRAM_PASSWORD)),
                List.of("doctor", "--kairos.embedded.postgres-port=0"));
        Finished run = finish(doctor);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("cluster").contains("at " + kafka.bootstrapServers());
    }

    @Test
    void givenAWrongPassword_whenStreamStarts_thenItExitsSayingKafkaRefusedTheCredentials() throws Exception {
        TestPostgres postgres = TestServers.postgres().freshDatabase("secured_wrong_password");
        String suffix = Long.toString(System.nanoTime());

        Finished run = finish(kairos(
                Map.of(), stream(postgres, suffix, "wrong-" + suffix, "wrong-d-" + suffix, "wrong-" + suffix, "nope")));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(messages(run.err()))
                .singleElement()
                .asString()
                .startsWith("kairos stream: Kafka refused the credentials: ")
                .contains("SCRAM-SHA-512")
                .contains("sasl.jaas.config");
    }

    @Test
    void givenNoCredentials_whenStreamStarts_thenItExitsWithinTheAdminTimeoutSayingWhatToCheck() throws Exception {
        TestPostgres postgres = TestServers.postgres().freshDatabase("secured_no_credentials");
        String suffix = Long.toString(System.nanoTime());
        List<String> arguments = new ArrayList<>(List.of(
                "stream",
                "--spring.datasource.url=" + postgres.jdbcUrl(),
                "--spring.datasource.username=" + postgres.username(),
                "--spring.datasource.password=" + postgres.password(),
                "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--spring.kafka.admin.operation-timeout=5s",
                "--kairos.kafka.activity-topic=plain-" + suffix));

        Finished run = finish(kairos(Map.of(), arguments));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(messages(run.err()))
                .singleElement()
                .asString()
                .startsWith("kairos stream: cannot use Kafka: ")
                .contains("spring.kafka.security.protocol");
    }

    @Test
    void givenAWrongPasswordForTheConsumersOnly_whenStreamRuns_thenItStopsOnTheFailureInsteadOfHanging()
            throws Exception {
        TestPostgres postgres = TestServers.postgres().freshDatabase("secured_consumer_password");
        String suffix = Long.toString(System.nanoTime());
        List<String> arguments = stream(
                postgres,
                suffix,
                "consumer-" + suffix,
                "consumer-d-" + suffix,
                "consumer-" + suffix,
                TestServers.SCRAM_PASSWORD);
        arguments.add("--spring.kafka.consumer.properties.sasl.jaas.config=" + JAAS.formatted("nope"));

        Finished run = finish(kairos(Map.of(), arguments));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(messages(run.err()))
                .anySatisfy(line -> assertThat(line)
                        .startsWith("kairos stream: stopped on a fatal failure: Kafka refused the credentials: "));
    }

    @Test
    void givenReadUncommittedWithGoodCredentials_whenStreamStarts_thenItRefusesNamingThePropertyAndWhy()
            throws Exception {
        TestPostgres postgres = TestServers.postgres().freshDatabase("secured_conflict");
        String suffix = Long.toString(System.nanoTime());
        List<String> arguments = stream(
                postgres,
                suffix,
                "conflict-" + suffix,
                "conflict-d-" + suffix,
                "conflict-" + suffix,
                TestServers.SCRAM_PASSWORD);
        arguments.add("--spring.kafka.consumer.isolation-level=read_uncommitted");

        Finished run = finish(kairos(Map.of(), arguments));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(messages(run.err()))
                .singleElement()
                .asString()
                .isEqualTo("kairos stream: spring.kafka.consumer.isolation-level=read_uncommitted is refused: the"
                        + " stream needs isolation.level=read_committed because it must read only committed"
                        + " records, or it would act on events of aborted transactions.");
    }

    private List<String> stream(
            TestPostgres postgres,
            String suffix,
            String activity,
            String decisions,
            String experimentKey,
            String password) {
        return new ArrayList<>(List.of(
                "stream",
                "--spring.datasource.url=" + postgres.jdbcUrl(),
                "--spring.datasource.username=" + postgres.username(),
                "--spring.datasource.password=" + postgres.password(),
                "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--spring.kafka.security.protocol=SASL_PLAINTEXT",
                "--spring.kafka.properties.sasl.mechanism=" + EmbeddedKafkaServer.SCRAM_MECHANISM,
                "--spring.kafka.properties.sasl.jaas.config=" + JAAS.formatted(password),
                "--kairos.kafka.activity-topic=" + activity,
                "--kairos.kafka.dead-letter-topic=" + activity + ".dlq",
                "--kairos.kafka.decisions-topic=" + decisions,
                "--kairos.kafka.partitions=2",
                "--kairos.streaming.experiment-key=" + experimentKey,
                "--kairos.streaming.archive-group=archive-" + suffix,
                "--kairos.streaming.progress-interval=1s"));
    }

    private Process kairos(Map<String, String> env, List<String> arguments) throws Exception {
        return PackagedKairos.builder(workDir, List.of(), env, arguments).start();
    }

    private record Finished(int exitCode, String out, String err) {}

    private static Finished finish(Process process) throws Exception {
        ProcessOutput out = ProcessOutput.of(process.getInputStream(), LIMIT);
        ProcessOutput err = ProcessOutput.of(process.getErrorStream(), LIMIT);
        if (!process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("kairos did not finish within " + LIMIT + ": it hangs");
        }
        return new Finished(process.exitValue(), out.whenClosed(), err.whenClosed());
    }

    /** Standard error without log lines: what the command itself said. */
    private static List<String> messages(String err) {
        return err.lines()
                .filter(line -> !line.matches("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} .*"))
                .toList();
    }
}
