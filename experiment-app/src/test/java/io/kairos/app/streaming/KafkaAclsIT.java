package io.kairos.app.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kairos.app.PackagedKairos;
import io.kairos.app.ProcessOutput;
import io.kairos.embedded.EmbeddedKafkaServer;
import io.kairos.testsupport.TestCertificates;
import io.kairos.testsupport.TestKafka;
import io.kairos.testsupport.TestPostgres;
import io.kairos.testsupport.TestServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker on a SASL_SSL listener (a certificate generated for the test, SCRAM-SHA-512 accounts inside TLS) whose every
 * request is authorised by ACLs (StandardAuthorizer): the app's account may read the activity topic with its groups and
 * write the decisions and dead-letter topics, a producer's account may only write the activity topic; an
 * unauthenticated client gets nothing; a client that does not trust the broker's certificate is refused, and the
 * packaged app says so in a sentence; the packaged stream runs end to end with the app's account over TLS. The ACLs are
 * those docs/security.md lists.
 */
class KafkaAclsIT {

    private static final Duration LIMIT = Duration.ofSeconds(120);
    private static final String ACTIVITY = "acl-activity";
    private static final String DECISIONS = "acl-decisions";
    private static final String DEAD_LETTERS = ACTIVITY + ".dlq";
    private static final String JAAS =
            "org.apache.kafka.common.security.scram.ScramLoginModule required" + " username=\"%s\" password=\"%s\";";

    static EmbeddedKafkaServer broker;
    static TestCertificates certificates;

    @TempDir
    Path workDir;

    @BeforeAll
    static void startBroker() throws Exception {
        certificates = TestCertificates.generate(Files.createTempDirectory("kairos-kafka-tls"), "broker");
        broker = EmbeddedKafkaServer.startWithScramAndAcls(
                Files.createTempDirectory("kairos-kafka-acls"),
                0,
                new EmbeddedKafkaServer.Scram(
                        "broker", "broker-secret", Map.of("app", "app-secret", "site", "site-secret")),
                new EmbeddedKafkaServer.Tls(
                        certificates.keyStore(), certificates.trustStore(), certificates.password()));
        try (Admin admin = Admin.create(as("broker", "broker-secret", Map.of()))) {
            admin.createTopics(List.of(
                            new NewTopic(ACTIVITY, 2, (short) 1),
                            new NewTopic(DECISIONS, 2, (short) 1),
                            new NewTopic(DEAD_LETTERS, 2, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        broker.grant(List.of(
                allow("app", ResourceType.TOPIC, ACTIVITY, PatternType.LITERAL, AclOperation.READ),
                allow("app", ResourceType.TOPIC, ACTIVITY, PatternType.LITERAL, AclOperation.DESCRIBE),
                allow("app", ResourceType.TOPIC, DECISIONS, PatternType.LITERAL, AclOperation.WRITE),
                allow("app", ResourceType.TOPIC, DECISIONS, PatternType.LITERAL, AclOperation.DESCRIBE),
                allow("app", ResourceType.TOPIC, DEAD_LETTERS, PatternType.LITERAL, AclOperation.WRITE),
                allow("app", ResourceType.TOPIC, DEAD_LETTERS, PatternType.LITERAL, AclOperation.DESCRIBE),
                allow("app", ResourceType.GROUP, "realtime-", PatternType.PREFIXED, AclOperation.READ),
                allow("app", ResourceType.GROUP, "archive", PatternType.PREFIXED, AclOperation.READ),
                allow("site", ResourceType.TOPIC, ACTIVITY, PatternType.LITERAL, AclOperation.WRITE),
                allow("site", ResourceType.TOPIC, ACTIVITY, PatternType.LITERAL, AclOperation.DESCRIBE)));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    static AclBinding allow(String user, ResourceType type, String name, PatternType pattern, AclOperation operation) {
        return new AclBinding(
                new ResourcePattern(type, name, pattern),
                new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
    }

    static Map<String, Object> as(String user, String password, Map<String, Object> more) {
        Map<String, Object> properties = new HashMap<>(more);
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        properties.putAll(broker.clientProperties(user, password));
        return properties;
    }

    static KafkaProducer<byte[], byte[]> producer(Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(properties);
        all.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        all.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        all.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        all.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        all.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return new KafkaProducer<>(all);
    }

    @Test
    void givenTheProducersAccount_whenWritingActivity_thenAcceptedButDecisionsCannotBeWrittenOrRead() throws Exception {
        try (KafkaProducer<byte[], byte[]> site = producer(as("site", "site-secret", Map.of()))) {
            assertThat(site.send(new ProducerRecord<>(ACTIVITY, new byte[] {1}, new byte[] {2}))
                            .get(30, TimeUnit.SECONDS)
                            .topic())
                    .isEqualTo(ACTIVITY);
            assertThatThrownBy(() -> site.send(new ProducerRecord<>(DECISIONS, new byte[] {1}, new byte[] {2}))
                            .get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(as(
                "site",
                "site-secret",
                Map.of(
                        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class)))) {
            reader.assign(List.of(new TopicPartition(DECISIONS, 0)));
            reader.seekToBeginning(List.of(new TopicPartition(DECISIONS, 0)));
            assertThatThrownBy(() -> reader.poll(Duration.ofSeconds(10)))
                    .isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void givenTheAppsAccount_whenWritingActivity_thenRefused() {
        try (KafkaProducer<byte[], byte[]> app = producer(as("app", "app-secret", Map.of()))) {
            assertThatThrownBy(() -> app.send(new ProducerRecord<>(ACTIVITY, new byte[] {1}, new byte[] {2}))
                            .get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void givenNoCredentials_whenListingTopics_thenTheBrokerAnswersNothing() {
        Map<String, Object> plain = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000);
        try (Admin admin = Admin.create(plain)) {
            assertThatThrownBy(() -> admin.listTopics().names().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);
        }
    }

    @Test
    void givenAClientTrustingAnotherCertificate_whenConnecting_thenTheHandshakeIsRefused() throws Exception {
        TestCertificates impostor = TestCertificates.generate(workDir.resolve("impostor"), "impostor");
        Map<String, Object> wrongTrust = as("app", "app-secret", Map.of());
        wrongTrust.put("ssl.truststore.location", impostor.trustStore().toString());
        wrongTrust.put("ssl.truststore.password", impostor.password());
        wrongTrust.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        wrongTrust.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        Map<String, Object> plainText = as("app", "app-secret", Map.of());
        plainText.put("security.protocol", "SASL_PLAINTEXT");
        plainText.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000);
        plainText.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000);

        try (Admin admin = Admin.create(wrongTrust)) {
            assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SslAuthenticationException.class);
        }
        try (Admin admin = Admin.create(plainText)) {
            assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);
        }
    }

    @Test
    void givenTheAppTrustingAnotherCertificate_whenStreamStarts_thenItExitsSayingTheCertificateIsNotTrusted()
            throws Exception {
        TestPostgres postgres = TestServers.postgres().freshDatabase("kafka_tls_wrong");
        TestCertificates impostor = TestCertificates.generate(workDir.resolve("impostor"), "impostor");
        Process stream = startStream(postgres, impostor, List.of());
        ProcessOutput out = ProcessOutput.of(stream.getInputStream(), LIMIT);
        ProcessOutput err = ProcessOutput.of(stream.getErrorStream(), LIMIT);

        assertThat(stream.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        String said = err.whenClosed();
        out.whenClosed();
        assertThat(stream.exitValue()).as(said).isEqualTo(1);
        assertThat(said.lines().filter(line -> line.startsWith("kairos stream: ")))
                .as(said)
                .singleElement()
                .asString()
                .startsWith("kairos stream: the TLS handshake with Kafka failed:")
                .contains("spring.kafka.ssl.trust-store-location")
                .doesNotContain(impostor.password(), "app-secret");
    }

    @Test
    void givenTheAppsAccountAndItsAcls_whenStreamRuns_thenAnEventOfTheProducerIsDecidedAndPublished() throws Exception {
        TestPostgres postgres = TestServers.postgres().freshDatabase("kafka_acls");
        String experimentKey = "acl-" + System.nanoTime();
        Process stream = startStream(
                postgres,
                certificates,
                List.of(
                        "--kairos.kafka.partitions=2",
                        "--kairos.streaming.experiment-key=" + experimentKey,
                        "--kairos.streaming.archive-group=archive-" + experimentKey));
        ProcessOutput out = ProcessOutput.of(stream.getInputStream(), LIMIT);
        ProcessOutput err = ProcessOutput.of(stream.getErrorStream(), LIMIT);
        try {
            out.awaitLine("Kairos is streaming.", stream);
            TestKafka checker = new TestKafka(
                    broker.bootstrapServers(), "ACL broker", broker.clientProperties("broker", "broker-secret"));
            LiveStreamCheck.assertAbandonedCartIsDecided(
                    checker, ACTIVITY, DECISIONS, LiveStreamCheck.realtimeUser(experimentKey), LIMIT);
        } finally {
            stream.toHandle().destroy();
        }
        assertThat(stream.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        String log = out.whenClosed() + err.whenClosed();
        assertThat(log).doesNotContain("ERROR").doesNotContain("app-secret");
    }

    /** The packaged {@code kairos stream} as the app's account over SASL_SSL, trusting {@code trust}'s certificate. */
    Process startStream(TestPostgres postgres, TestCertificates trust, List<String> more) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                "stream",
                "--spring.datasource.url=" + postgres.jdbcUrl(),
                "--spring.datasource.username=" + postgres.username(),
                "--spring.datasource.password=" + postgres.password(),
                "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                "--spring.kafka.security.protocol=SASL_SSL",
                "--spring.kafka.ssl.trust-store-location=file:" + trust.trustStore(),
                "--spring.kafka.ssl.trust-store-password=" + trust.password(),
                "--spring.kafka.ssl.trust-store-type=PKCS12",
                "--spring.kafka.properties.sasl.mechanism=" + EmbeddedKafkaServer.SCRAM_MECHANISM,
                "--spring.kafka.properties.sasl.jaas.config=" + JAAS.formatted("app", "app-secret"),
                "--kairos.kafka.activity-topic=" + ACTIVITY,
                "--kairos.kafka.dead-letter-topic=" + DEAD_LETTERS,
                "--kairos.kafka.decisions-topic=" + DECISIONS));
        command.addAll(more);
        return PackagedKairos.builder(workDir, List.of(), Map.of(), command).start();
    }
}
