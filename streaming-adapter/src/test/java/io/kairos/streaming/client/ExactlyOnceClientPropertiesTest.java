package io.kairos.streaming.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Decision table of the stream's client settings: what passes through, what the stream sets, what it refuses. */
class ExactlyOnceClientPropertiesTest {

    private static final Map<String, Object> SECURED = Map.of(
            "bootstrap.servers", "broker:9093",
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
            "ssl.truststore.location", "/etc/kafka/truststore.p12");

    @Test
    void givenSecurityAndTuning_whenConsumerPropertiesAreBuilt_thenTheyPassThroughUnderTheStreamsOwnSettings() {
        Map<String, Object> base = new java.util.HashMap<>(SECURED);
        base.put("max.poll.records", 50);
        base.put("fetch.min.bytes", 1024);

        Map<String, Object> consumer = ExactlyOnceClientProperties.consumer(base, "realtime-exp");

        assertThat(consumer)
                .containsAllEntriesOf(base)
                .containsEntry("group.id", "realtime-exp")
                .containsEntry("isolation.level", "read_committed")
                .containsEntry("enable.auto.commit", false)
                .containsEntry("auto.offset.reset", "none")
                .containsEntry("key.deserializer", ByteArrayDeserializer.class)
                .containsEntry("value.deserializer", ByteArrayDeserializer.class);
    }

    @Test
    void givenSecurityAndTuning_whenProducerPropertiesAreBuilt_thenTheyPassThroughUnderIdempotenceAndAcksAll() {
        Map<String, Object> base = new java.util.HashMap<>(SECURED);
        base.put("linger.ms", 20);
        base.put("compression.type", "zstd");

        Map<String, Object> producer =
                ExactlyOnceClientProperties.producer(base, StringSerializer.class, ByteArraySerializer.class);

        assertThat(producer)
                .containsAllEntriesOf(base)
                .containsEntry("enable.idempotence", true)
                .containsEntry("acks", "all")
                .containsEntry("key.serializer", StringSerializer.class)
                .containsEntry("value.serializer", ByteArraySerializer.class)
                .doesNotContainKey("transactional.id");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "isolation.level, READ_COMMITTED",
        "enable.auto.commit, FALSE",
        "auto.offset.reset, none",
        "key.deserializer, org.apache.kafka.common.serialization.ByteArrayDeserializer",
        "group.id, realtime-exp"
    })
    void givenTheValueTheStreamNeedsItself_whenConsumerPropertiesAreBuilt_thenItIsAccepted(String key, String value) {
        Map<String, Object> consumer =
                ExactlyOnceClientProperties.consumer(Map.of("bootstrap.servers", "b:9092", key, value), "realtime-exp");

        assertThat(consumer).containsKey(key);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "isolation.level, read_uncommitted, aborted transactions",
        "enable.auto.commit, true, commits offsets itself",
        "auto.offset.reset, earliest, seeks to the offsets stored in PostgreSQL",
        "auto.offset.reset, latest, seeks to the offsets stored in PostgreSQL",
        "value.deserializer, org.apache.kafka.common.serialization.StringDeserializer, raw bytes",
        "group.id, my-group, kairos.streaming.realtime-group"
    })
    void givenASettingExactlyOnceContradicts_whenConsumerPropertiesAreBuilt_thenItIsRefusedNamingItAndWhy(
            String key, String value, String why) {
        assertThatThrownBy(() -> ExactlyOnceClientProperties.consumer(
                        Map.of("bootstrap.servers", "b:9092", key, value), "realtime-exp"))
                .isInstanceOfSatisfying(ConflictingClientSetting.class, conflict -> {
                    assertThat(conflict.client()).isEqualTo("consumer");
                    assertThat(conflict.key()).isEqualTo(key);
                    assertThat(conflict.value()).isEqualTo(value);
                })
                .hasMessageStartingWith("the Kafka consumer setting " + key + "=" + value + " conflicts")
                .hasMessageContaining(why)
                .hasMessageEndingWith(".");
    }

    @Test
    void givenADeserializerClass_whenItIsNotTheStreams_thenItIsRefusedByClassName() {
        assertThatThrownBy(() -> ExactlyOnceClientProperties.consumer(
                        Map.of("bootstrap.servers", "b:9092", "key.deserializer", StringDeserializer.class), "g"))
                .hasMessageContaining("key.deserializer=" + StringDeserializer.class.getName())
                .hasMessageContaining("the stream needs key.deserializer=" + ByteArrayDeserializer.class.getName());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({"acks, -1", "acks, ALL", "enable.idempotence, true", "transactional.id, ''"})
    void givenTheValueTheStreamNeedsItself_whenProducerPropertiesAreBuilt_thenItIsAccepted(String key, String value) {
        Map<String, Object> producer = ExactlyOnceClientProperties.producer(
                Map.of("bootstrap.servers", "b:9092", key, value), StringSerializer.class, StringSerializer.class);

        assertThat(producer).containsEntry("acks", "all").containsEntry("enable.idempotence", true);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "acks, 1, leader alone",
        "acks, 0, leader alone",
        "enable.idempotence, false, must not publish a record twice",
        "transactional.id, kairos-tx, not transactional",
        "key.serializer, org.apache.kafka.common.serialization.ByteArraySerializer, serializes its records itself"
    })
    void givenASettingExactlyOnceContradicts_whenProducerPropertiesAreBuilt_thenItIsRefusedNamingItAndWhy(
            String key, String value, String why) {
        assertThatThrownBy(() -> ExactlyOnceClientProperties.producer(
                        Map.of("bootstrap.servers", "b:9092", key, value),
                        StringSerializer.class,
                        StringSerializer.class))
                .isInstanceOfSatisfying(ConflictingClientSetting.class, conflict -> {
                    assertThat(conflict.client()).isEqualTo("producer");
                    assertThat(conflict.key()).isEqualTo(key);
                })
                .hasMessageStartingWith("the Kafka producer setting " + key + "=" + value + " conflicts")
                .hasMessageContaining(why);
    }
}
