package io.kairos.streaming.client;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Builds the properties of the stream's Kafka clients: the operator's base properties (bootstrap servers, security,
 * tuning) with the settings exactly-once needs put on top. A base that already sets one of those to another value is
 * refused with a {@link ConflictingClientSetting} rather than overridden silently; every other setting (fetch sizes,
 * {@code max.poll.records}, {@code linger.ms}, compression, timeouts, SASL and TLS) passes through unchanged.
 */
public final class ExactlyOnceClientProperties {

    /** A setting a client must have, and why. {@code value} null: the setting must be absent. */
    record Requirement(String key, Object value, String reason) {}

    private static final List<Requirement> CONSUMER = List.of(
            new Requirement(
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                    "read_committed",
                    "it must read only committed records, or it would act on events of aborted transactions"),
            new Requirement(
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                    false,
                    "it commits offsets itself, with each batch's results in PostgreSQL; a background commit would"
                            + " report records as consumed before their results are stored"),
            new Requirement(
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                    "none",
                    "it seeks to the offsets stored in PostgreSQL itself; a reset policy would skip or replay"
                            + " records silently"),
            new Requirement(
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                    ByteArrayDeserializer.class,
                    "it reads raw bytes and decodes them itself, so that invalid records can be dead-lettered as they"
                            + " came"),
            new Requirement(
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                    ByteArrayDeserializer.class,
                    "it reads raw bytes and decodes them itself, so that invalid records can be dead-lettered as they"
                            + " came"));

    private static final String GROUP_REASON =
            "it names its consumer groups itself (kairos.streaming.realtime-group, kairos.streaming.archive-group),"
                    + " and its offsets are stored under those names";

    private static final List<Requirement> PRODUCER = List.of(
            new Requirement(
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                    true,
                    "a send retried after a lost acknowledgement must not publish a record twice"),
            new Requirement(
                    ProducerConfig.ACKS_CONFIG,
                    "all",
                    "a record the leader alone acknowledged is lost if the leader fails, after the outbox marked it"
                            + " published"),
            new Requirement(
                    ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                    null,
                    "the stream's producers are idempotent, not transactional (the PostgreSQL outbox gives exactly-once), and"
                            + " a producer with a transactional.id refuses sends outside a transaction"));

    private static final String SERIALIZER_REASON = "it serializes its records itself";

    private ExactlyOnceClientProperties() {}

    /**
     * The properties of a consumer in {@code group}: {@code base}, then read_committed, no auto-commit, no offset
     * reset, raw bytes and the group.
     *
     * @throws ConflictingClientSetting when {@code base} sets one of those to another value
     */
    public static Map<String, Object> consumer(Map<String, Object> base, String group) {
        Objects.requireNonNull(group, "group");
        Map<String, Object> properties = new HashMap<>(base);
        for (Requirement requirement : CONSUMER) {
            apply(properties, "consumer", requirement);
        }
        apply(properties, "consumer", new Requirement(ConsumerConfig.GROUP_ID_CONFIG, group, GROUP_REASON));
        return properties;
    }

    /**
     * The properties of an idempotent producer with these serializers: {@code base}, then idempotence, acks=all, no
     * transactional id and the serializers.
     *
     * @throws ConflictingClientSetting when {@code base} sets one of those to another value
     */
    public static Map<String, Object> producer(
            Map<String, Object> base, Class<?> keySerializer, Class<?> valueSerializer) {
        Map<String, Object> properties = new HashMap<>(base);
        for (Requirement requirement : PRODUCER) {
            apply(properties, "producer", requirement);
        }
        apply(
                properties,
                "producer",
                new Requirement(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, keySerializer, SERIALIZER_REASON));
        apply(
                properties,
                "producer",
                new Requirement(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, valueSerializer, SERIALIZER_REASON));
        return properties;
    }

    private static void apply(Map<String, Object> properties, String client, Requirement requirement) {
        Object configured = properties.get(requirement.key());
        if (requirement.value() == null) {
            if (configured != null && !configured.toString().isBlank()) {
                throw new ConflictingClientSetting(client, requirement.key(), configured, requirement.reason());
            }
            properties.remove(requirement.key());
            return;
        }
        if (configured != null && !same(requirement.key(), configured, requirement.value())) {
            throw new ConflictingClientSetting(
                    client,
                    requirement.key(),
                    configured instanceof Class<?> type ? type.getName() : configured,
                    "the stream needs " + requirement.key() + "="
                            + (requirement.value() instanceof Class<?> type ? type.getName() : requirement.value())
                            + " because " + requirement.reason());
        }
        properties.put(requirement.key(), requirement.value());
    }

    private static boolean same(String key, Object configured, Object required) {
        if (required instanceof Class<?> type) {
            return type.getName()
                    .equals(
                            configured instanceof Class<?> given
                                    ? given.getName()
                                    : configured.toString().trim());
        }
        return normal(key, configured).equals(normal(key, required));
    }

    /** Values as Kafka reads them: case-insensitive words (group names excepted), acks -1 as all. */
    private static String normal(String key, Object value) {
        String text = value.toString().trim();
        if (ConsumerConfig.GROUP_ID_CONFIG.equals(key)) {
            return text;
        }
        text = text.toLowerCase(Locale.ROOT);
        if (ProducerConfig.ACKS_CONFIG.equals(key) && text.equals("-1")) {
            return "all";
        }
        return text;
    }
}
