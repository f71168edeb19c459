package io.kairos.app;

import io.kairos.streaming.client.ConflictingClientSetting;
import io.kairos.streaming.client.ExactlyOnceClientProperties;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SslConfigs;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.kafka.autoconfigure.SslBundleSslEngineFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * The Kafka client properties the operator configured ({@code spring.kafka.*}: servers, security, TLS, SASL, tuning),
 * per kind of client, as Spring Boot builds them for its own clients; the base every client of the app starts from,
 * with what exactly-once needs put on top by {@link #consumerFor} and {@link #producerFor}.
 *
 * @param consumer the consumers' base properties
 * @param producer the producers' base properties
 * @param admin the admin clients' properties
 * @param origins where a setting came from, by {@code <client>:<kafka key>}, e.g. {@code
 *     spring.kafka.consumer.isolation-level}, to name it when it is refused
 */
public record KafkaClientBase(
        Map<String, Object> consumer,
        Map<String, Object> producer,
        Map<String, Object> admin,
        Map<String, String> origins) {

    /**
     * Keys Boot always fills in with a default of its own (read_uncommitted, String (de)serializers) whether or not
     * the operator set them: kept only when the operator did, so that the stream can tell a choice from a default.
     */
    private static final Map<String, List<String>> BOOT_DEFAULTED = Map.of(
            "consumer",
            List.of(
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG),
            "producer",
            List.of(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG));

    /** Kafka keys that Boot binds from a property of their own under {@code spring.kafka.<client>.}. */
    private static final Map<String, String> BOOT_PROPERTY_NAMES = Map.ofEntries(
            Map.entry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "isolation-level"),
            Map.entry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "enable-auto-commit"),
            Map.entry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "auto-offset-reset"),
            Map.entry(ConsumerConfig.GROUP_ID_CONFIG, "group-id"),
            Map.entry(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, "key-deserializer"),
            Map.entry(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, "value-deserializer"),
            Map.entry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "max-poll-records"),
            Map.entry(ProducerConfig.ACKS_CONFIG, "acks"),
            Map.entry(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, "key-serializer"),
            Map.entry(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, "value-serializer"),
            Map.entry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "compression-type"),
            Map.entry(CommonClientConfigs.CLIENT_ID_CONFIG, "client-id"));

    public KafkaClientBase {
        consumer = Map.copyOf(consumer);
        producer = Map.copyOf(producer);
        admin = Map.copyOf(admin);
        origins = Map.copyOf(origins);
    }

    /** The base of a plain-text broker without credentials: bootstrap servers only. */
    public static KafkaClientBase plain(String bootstrapServers) {
        Map<String, Object> servers = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return new KafkaClientBase(servers, servers, servers, Map.of());
    }

    /**
     * The base Spring Boot's own clients would get: {@code properties.build*Properties()} with the connection
     * details' servers, security protocol and SSL bundle applied as Boot applies them.
     */
    public static KafkaClientBase from(
            KafkaProperties properties, KafkaConnectionDetails connection, Environment environment) {
        Binder binder = Binder.get(environment);
        Map<String, String> origins = new HashMap<>();
        Map<String, Object> consumer = properties.buildConsumerProperties();
        connect(consumer, connection.getConsumer());
        operatorsOnly(consumer, "consumer", properties.getConsumer().getProperties(), properties, binder);
        Map<String, Object> producer = properties.buildProducerProperties();
        connect(producer, connection.getProducer());
        operatorsOnly(producer, "producer", properties.getProducer().getProperties(), properties, binder);
        Map<String, Object> admin = properties.buildAdminProperties();
        connect(admin, connection.getAdmin());
        consumer.keySet()
                .forEach(key -> origins.put(
                        "consumer:" + key,
                        origin("consumer", key, properties.getConsumer().getProperties(), properties, binder)));
        producer.keySet()
                .forEach(key -> origins.put(
                        "producer:" + key,
                        origin("producer", key, properties.getProducer().getProperties(), properties, binder)));
        return new KafkaClientBase(consumer, producer, admin, origins);
    }

    /** This base with more consumer properties, which replace any of the same name. */
    public KafkaClientBase withConsumer(Map<String, Object> more) {
        Map<String, Object> merged = new HashMap<>(consumer);
        merged.putAll(more);
        return new KafkaClientBase(merged, producer, admin, origins);
    }

    /** The bootstrap servers of the consumers, as the operator wrote them. */
    public String bootstrapServers() {
        Object servers = consumer.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        return servers instanceof List<?> list
                ? String.join(",", list.stream().map(String::valueOf).toList())
                : String.valueOf(servers);
    }

    /**
     * The complete properties of a stream consumer in {@code group}, as {@link
     * io.kairos.streaming.consume.PollLoop} builds them.
     *
     * @throws KafkaSettingRefused when the operator's settings contradict exactly-once
     */
    public Map<String, Object> consumerFor(String group) {
        try {
            return ExactlyOnceClientProperties.consumer(consumer, group);
        } catch (ConflictingClientSetting conflict) {
            throw refused(conflict);
        }
    }

    /**
     * The complete properties of an idempotent producer with these serializers.
     *
     * @throws KafkaSettingRefused when the operator's settings contradict exactly-once
     */
    public Map<String, Object> producerFor(Class<?> keySerializer, Class<?> valueSerializer) {
        try {
            return ExactlyOnceClientProperties.producer(producer, keySerializer, valueSerializer);
        } catch (ConflictingClientSetting conflict) {
            throw refused(conflict);
        }
    }

    private KafkaSettingRefused refused(ConflictingClientSetting conflict) {
        String origin = origins.getOrDefault(
                conflict.client() + ":" + conflict.key(),
                "the Kafka " + conflict.client() + " property " + conflict.key());
        Object value = conflict.value() instanceof Class<?> type ? type.getName() : conflict.value();
        return new KafkaSettingRefused(origin + "=" + value + " is refused: " + conflict.requirement() + ".", conflict);
    }

    /** Keys only, and no secret: the values of SASL and TLS settings may be passwords. */
    @Override
    public String toString() {
        return "KafkaClientBase[servers=" + bootstrapServers() + ", consumer=" + new TreeMap<>(consumer).keySet()
                + ", producer=" + new TreeMap<>(producer).keySet() + ", admin=" + new TreeMap<>(admin).keySet() + "]";
    }

    private static void connect(Map<String, Object> properties, KafkaConnectionDetails.Configuration connection) {
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, connection.getBootstrapServers());
        if (StringUtils.hasLength(connection.getSecurityProtocol())) {
            properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, connection.getSecurityProtocol());
        }
        SslBundle bundle = connection.getSslBundle();
        if (bundle != null) {
            properties.put(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG, SslBundleSslEngineFactory.class);
            properties.put(SslBundle.class.getName(), bundle);
        }
    }

    /**
     * Drops Boot's own defaults the operator did not choose; a value set under {@code spring.kafka.properties.}
     * (which Boot's default would hide) is restored.
     */
    private static void operatorsOnly(
            Map<String, Object> built,
            String client,
            Map<String, String> clientProperties,
            KafkaProperties properties,
            Binder binder) {
        for (String key : BOOT_DEFAULTED.get(client)) {
            if (clientProperties.containsKey(key) || bound(binder, client, key)) {
                continue;
            }
            if (properties.getProperties().containsKey(key)) {
                built.put(key, properties.getProperties().get(key));
            } else {
                built.remove(key);
            }
        }
    }

    private static String origin(
            String client,
            String key,
            Map<String, String> clientProperties,
            KafkaProperties properties,
            Binder binder) {
        if (clientProperties.containsKey(key)) {
            return "spring.kafka." + client + ".properties." + key;
        }
        if (bound(binder, client, key)) {
            return "spring.kafka." + client + "." + BOOT_PROPERTY_NAMES.get(key);
        }
        if (properties.getProperties().containsKey(key)) {
            return "spring.kafka.properties." + key;
        }
        if (CommonClientConfigs.SECURITY_PROTOCOL_CONFIG.equals(key)) {
            return "spring.kafka.security.protocol";
        }
        if (key.startsWith("ssl.")) {
            return "spring.kafka.ssl.*";
        }
        return "the Kafka " + client + " property " + key.toLowerCase(Locale.ROOT);
    }

    private static boolean bound(Binder binder, String client, String key) {
        String name = BOOT_PROPERTY_NAMES.get(key);
        return name != null
                && binder.bind("spring.kafka." + client + "." + name, Bindable.of(String.class))
                        .isBound();
    }

    /** Thrown when a {@code spring.kafka.*} setting contradicts exactly-once; its message is meant for the user. */
    public static final class KafkaSettingRefused extends IllegalStateException {
        KafkaSettingRefused(String message, Throwable cause) {
            super(Objects.requireNonNull(message, "message"), cause);
        }
    }
}
