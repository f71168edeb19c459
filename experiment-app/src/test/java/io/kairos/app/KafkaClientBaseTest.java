package io.kairos.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.SslBundleSslEngineFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * How {@code spring.kafka.*} becomes the base of the app's Kafka clients, through Spring Boot's own auto-configuration:
 * security and tuning pass through, Boot's defaults are not mistaken for the operator's choices, and a setting that
 * contradicts exactly-once is refused naming the property the operator wrote.
 */
class KafkaClientBaseTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"kairos\" password=\"s3cret-pass\";";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, KafkaAutoConfiguration.class))
            .withUserConfiguration(KafkaClientConfiguration.class)
            .withPropertyValues("spring.kafka.bootstrap-servers=broker-1:9093,broker-2:9093");

    @TempDir
    Path dir;

    private void withBase(Consumer<KafkaClientBase> assertions, String... properties) {
        runner.withPropertyValues(properties).run(context -> assertions.accept(context.getBean(KafkaClientBase.class)));
    }

    @Test
    void givenSaslSslWithScram_whenClientsAreBuilt_thenEveryKindCarriesTheSecuritySettings() throws IOException {
        Path truststore = Files.write(dir.resolve("truststore.p12"), new byte[] {1});
        withBase(
                base -> {
                    Map<String, Object> expected = Map.of(
                            "security.protocol", "SASL_SSL",
                            "sasl.mechanism", "SCRAM-SHA-512",
                            "sasl.jaas.config", JAAS,
                            "ssl.truststore.location",
                                    truststore.toAbsolutePath().toString(),
                            "ssl.truststore.password", "trust-pass");
                    assertThat(base.consumerFor("realtime-exp")).containsAllEntriesOf(expected);
                    assertThat(base.producerFor(StringSerializer.class, StringSerializer.class))
                            .containsAllEntriesOf(expected);
                    assertThat(base.admin()).containsAllEntriesOf(expected);
                    assertThat(base.bootstrapServers()).isEqualTo("broker-1:9093,broker-2:9093");
                },
                "spring.kafka.security.protocol=SASL_SSL",
                "spring.kafka.properties.sasl.mechanism=SCRAM-SHA-512",
                "spring.kafka.properties.sasl.jaas.config=" + JAAS,
                "spring.kafka.ssl.trust-store-location=file:" + truststore.toAbsolutePath(),
                "spring.kafka.ssl.trust-store-password=trust-pass");
    }

    @Test
    void givenAnSslBundle_whenClientsAreBuilt_thenTheyUseBootsBundleEngineForMutualTls() throws IOException {
        Path certificate = Files.writeString(dir.resolve("ca.pem"), "unused until a connection is made");
        withBase(
                base -> {
                    assertThat(base.consumerFor("g"))
                            .containsEntry("security.protocol", "SSL")
                            .containsEntry("ssl.engine.factory.class", SslBundleSslEngineFactory.class)
                            .containsKey(SslBundle.class.getName());
                    assertThat(base.producerFor(StringSerializer.class, StringSerializer.class))
                            .containsEntry("ssl.engine.factory.class", SslBundleSslEngineFactory.class);
                },
                "spring.kafka.security.protocol=SSL",
                "spring.kafka.ssl.bundle=kafka",
                "spring.ssl.bundle.pem.kafka.truststore.certificate=file:" + certificate.toAbsolutePath());
    }

    @Test
    void givenTuningThatDoesNotMatterToCorrectness_whenClientsAreBuilt_thenItPassesThrough() {
        withBase(
                base -> {
                    assertThat(base.consumerFor("g"))
                            .containsEntry("max.poll.records", 50)
                            .containsEntry("fetch.min.bytes", 65536)
                            .containsEntry("client.id", "kairos-eu");
                    assertThat(base.producerFor(ByteArraySerializer.class, ByteArraySerializer.class))
                            .containsEntry("linger.ms", "20")
                            .containsEntry("compression.type", "zstd")
                            .containsEntry("client.id", "kairos-eu");
                },
                "spring.kafka.client-id=kairos-eu",
                "spring.kafka.consumer.max-poll-records=50",
                "spring.kafka.consumer.fetch-min-size=64KB",
                "spring.kafka.producer.compression-type=zstd",
                "spring.kafka.producer.properties.linger.ms=20");
    }

    @Test
    void givenNothingButServers_whenClientsAreBuilt_thenBootsOwnDefaultsAreNotTakenForChoices() {
        withBase(base -> {
            assertThat(base.consumer()).doesNotContainKeys("isolation.level", "key.deserializer", "value.deserializer");
            assertThat(base.producer()).doesNotContainKeys("key.serializer", "value.serializer");
            assertThat(base.consumerFor("g"))
                    .containsEntry("isolation.level", "read_committed")
                    .containsEntry("value.deserializer", ByteArrayDeserializer.class);
        });
    }

    @Test
    void givenTheSettingsTheStreamNeedsSpelledOut_whenClientsAreBuilt_thenTheyAreAccepted() {
        withBase(
                base -> {
                    assertThat(base.consumerFor("g")).containsEntry("isolation.level", "read_committed");
                    assertThat(base.producerFor(StringSerializer.class, StringSerializer.class))
                            .containsEntry("acks", "all");
                },
                "spring.kafka.consumer.isolation-level=read_committed",
                "spring.kafka.consumer.enable-auto-commit=false",
                "spring.kafka.producer.acks=-1",
                "spring.kafka.producer.properties.enable.idempotence=true");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "spring.kafka.consumer.isolation-level=read_uncommitted | consumer"
                        + " | spring.kafka.consumer.isolation-level=read_uncommitted is refused: the stream needs"
                        + " isolation.level=read_committed because it must read only committed records",
                "spring.kafka.consumer.properties.isolation.level=read_uncommitted | consumer"
                        + " | spring.kafka.consumer.properties.isolation.level=read_uncommitted is refused",
                "spring.kafka.properties.isolation.level=read_uncommitted | consumer"
                        + " | spring.kafka.properties.isolation.level=read_uncommitted is refused",
                "spring.kafka.consumer.enable-auto-commit=true | consumer"
                        + " | spring.kafka.consumer.enable-auto-commit=true is refused: the stream needs"
                        + " enable.auto.commit=false",
                "spring.kafka.consumer.auto-offset-reset=latest | consumer"
                        + " | spring.kafka.consumer.auto-offset-reset=latest is refused",
                "spring.kafka.consumer.group-id=mine | consumer"
                        + " | spring.kafka.consumer.group-id=mine is refused: the stream needs group.id=g because it"
                        + " names its consumer groups itself",
                "spring.kafka.consumer.value-deserializer=org.apache.kafka.common.serialization.StringDeserializer"
                        + " | consumer | spring.kafka.consumer.value-deserializer="
                        + "org.apache.kafka.common.serialization.StringDeserializer is refused",
                "spring.kafka.producer.acks=1 | producer"
                        + " | spring.kafka.producer.acks=1 is refused: the stream needs acks=all because a record the"
                        + " leader alone acknowledged is lost",
                "spring.kafka.producer.properties.enable.idempotence=false | producer"
                        + " | spring.kafka.producer.properties.enable.idempotence=false is refused: the stream needs"
                        + " enable.idempotence=true",
                "spring.kafka.properties.transactional.id=kairos-tx | producer"
                        + " | spring.kafka.properties.transactional.id=kairos-tx is refused: the stream's producers"
                        + " are idempotent, not transactional",
            })
    void givenASettingExactlyOnceContradicts_whenClientsAreBuilt_thenTheStartIsRefusedNamingThePropertyAndWhy(
            String property, String client, String message) {
        withBase(
                base -> assertThatThrownBy(() -> build(base, client))
                        .isInstanceOf(KafkaClientBase.KafkaSettingRefused.class)
                        .hasMessageStartingWith(message)
                        .hasMessageEndingWith("."),
                property);
    }

    @Test
    void givenAConflictSetAsAnEnvironmentVariable_whenClientsAreBuilt_thenItIsRefusedUnderBootsPropertyName() {
        runner.withInitializer(context -> context.getEnvironment()
                        .getPropertySources()
                        .addFirst(new SystemEnvironmentPropertySource(
                                "test-systemEnvironment",
                                Map.of("SPRING_KAFKA_CONSUMER_ISOLATIONLEVEL", "read_uncommitted"))))
                .run(context -> assertThatThrownBy(
                                () -> context.getBean(KafkaClientBase.class).consumerFor("g"))
                        .hasMessageStartingWith("spring.kafka.consumer.isolation-level=read_uncommitted is refused"));
    }

    @Test
    void givenCredentials_whenTheBaseIsPrinted_thenNoSecretAppears() {
        withBase(
                base -> assertThat(base.toString())
                        .contains("sasl.jaas.config")
                        .doesNotContain("s3cret-pass")
                        .doesNotContain("trust-pass"),
                "spring.kafka.properties.sasl.jaas.config=" + JAAS,
                "spring.kafka.ssl.trust-store-password=trust-pass");
    }

    private static Map<String, Object> build(KafkaClientBase base, String client) {
        return client.equals("consumer")
                ? base.consumerFor("g")
                : base.producerFor(StringSerializer.class, StringSerializer.class);
    }
}
