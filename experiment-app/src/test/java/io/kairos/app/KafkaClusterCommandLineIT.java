package io.kairos.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.app.PackagedKairos.Run;
import io.kairos.embedded.EmbeddedKafkaCluster;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kairos up --brokers 3} and {@code kairos.embedded.kafka-brokers}, run from the packaged jar. */
class KafkaClusterCommandLineIT {

    private static final Duration LIMIT = Duration.ofSeconds(180);
    private static final Pattern KAFKA_LINE = Pattern.compile("  Kafka       (\\S+)  \\(3 brokers\\)");

    @TempDir
    Path workDir;

    @Test
    void givenBrokers3_whenUpRuns_thenItPrintsThreeAddressesAndTheTopicsHaveThreeReplicasAndMinInSyncTwo()
            throws Exception {
        Process up =
                start("up", "--brokers", "3", "--kairos.embedded.postgres-port=0", "--kairos.embedded.kafka-port=0");
        ProcessOutput out = ProcessOutput.of(up.getInputStream(), LIMIT);
        ProcessOutput err = ProcessOutput.of(up.getErrorStream(), LIMIT);
        try {
            out.awaitLine("  data        ", up);
            Matcher kafka = KAFKA_LINE.matcher(out.soFar());
            assertThat(kafka.find()).as(out.soFar()).isTrue();
            List<String> addresses = List.of(kafka.group(1).split(","));
            assertThat(addresses).hasSize(3).allMatch(address -> address.startsWith("127.0.0.1:"));
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.group(1)))) {
                assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                        .hasSize(3);
                List<String> topics = List.of("user-activity", "user-activity.dlq", "decisions");
                Map<String, TopicDescription> descriptions = EmbeddedKafkaCluster.untilTopicKnown(
                        () -> admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS));
                assertThat(descriptions.values())
                        .allSatisfy(topic -> assertThat(topic.partitions())
                                .allSatisfy(p -> assertThat(p.replicas()).hasSize(3)));
                List<ConfigResource> resources = topics.stream()
                        .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t))
                        .toList();
                Map<ConfigResource, Config> configs = EmbeddedKafkaCluster.untilTopicKnown(
                        () -> admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS));
                assertThat(configs.values())
                        .allSatisfy(config -> assertThat(
                                        config.get("min.insync.replicas").value())
                                .isEqualTo("2"));
            }
        } finally {
            up.toHandle().destroy();
            assertThat(up.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        }
        assertThat(out.whenClosed() + err.whenClosed()).contains("Embedded Kafka broker on port", "stopped");
        assertThat(workDir.resolve("data/kafka-cluster/node-3/meta.properties")).exists();
    }

    @Test
    void givenBrokers2_whenUpRuns_thenExitCode2WithASentenceNamingTheSetting() throws Exception {
        Run run = run("up", "--brokers", "2");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--brokers (kairos.embedded.kafka-brokers) must be 1 or 3, not 2");
    }

    @Test
    void givenBrokersNotANumber_whenUpRuns_thenExitCode2NamingTheOption() throws Exception {
        Run run = run("up", "--brokers", "x");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--brokers").contains("'x'");
    }

    @Test
    void givenTheSetting4_whenDoctorRuns_thenExitCode1WithASentenceNamingTheSetting() throws Exception {
        Run run = run(
                "doctor",
                "--kairos.embedded.kafka-brokers=4",
                "--kairos.embedded.postgres-port=0",
                "--kairos.embedded.kafka-port=0");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("kairos.embedded.kafka-brokers (kairos up --brokers) must be 1 or 3, not 4");
    }

    @Test
    void givenTheSettingNotANumber_whenDoctorRuns_thenExitCode1WithASentenceNamingTheSetting() throws Exception {
        Run run = run(
                "doctor",
                "--kairos.embedded.kafka-brokers=x",
                "--kairos.embedded.postgres-port=0",
                "--kairos.embedded.kafka-port=0");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("the setting kairos.embedded.kafka-brokers = x cannot be used");
    }

    @Test
    void givenUpHelp_whenRun_thenTheBrokersOptionIsDescribed() throws Exception {
        Run run = run("up", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--brokers=N", "kairos.embedded.kafka-brokers");
    }

    private Run run(String... args) throws Exception {
        return PackagedKairos.run(workDir, Map.of(), LIMIT, args);
    }

    private Process start(String... args) throws IOException {
        return PackagedKairos.start(workDir, Map.of(), args);
    }
}
