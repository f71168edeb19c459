package io.kairos.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * A reachable Kafka broker for tests, and a way to get uniquely named topics on it.
 *
 * @param bootstrapServers the bootstrap address clients use
 * @param source where the broker comes from: external, Testcontainers or embedded
 * @param security the client properties that authenticate to it (SASL, TLS); empty for a plain-text broker
 */
public record TestKafka(String bootstrapServers, String source, Map<String, Object> security) {

    private static final AtomicInteger TOPICS = new AtomicInteger();

    public TestKafka {
        security = Map.copyOf(security);
    }

    /** A plain-text broker without credentials. */
    public TestKafka(String bootstrapServers, String source) {
        this(bootstrapServers, source, Map.of());
    }

    /** Admin client properties with short timeouts, so an unreachable broker fails fast. */
    public Map<String, Object> adminProperties() {
        return secured(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000));
    }

    /** {@code properties} with this broker's {@link #security} settings added. */
    public Map<String, Object> secured(Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(properties);
        all.putAll(security);
        return all;
    }

    /**
     * Creates a topic whose name starts with {@code prefix} and is unique in this JVM, with the brokers' default
     * replication factor (1 on one broker, 3 on {@link TestServers#kafkaCluster()}), and returns its name.
     */
    public String freshTopic(String prefix, int partitions) {
        String name = prefix + "-" + ProcessHandle.current().pid() + "-" + TOPICS.incrementAndGet();
        try (Admin admin = Admin.create(adminProperties())) {
            admin.createTopics(
                            List.of(new NewTopic(name, java.util.Optional.of(partitions), java.util.Optional.empty())))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            return name;
        } catch (ExecutionException | TimeoutException e) {
            throw new TestServerUnavailableException(
                    "Cannot create topic " + name + " on " + source + " Kafka at " + bootstrapServers + ": "
                            + e.getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic " + name, e);
        }
    }

    /**
     * Reads a topic from its start with a fresh consumer group until {@code expected} records arrived or {@code limit}
     * passed, then polls once more briefly so that a test asserting the count also sees records beyond it.
     */
    public <K, V> List<ConsumerRecord<K, V>> read(
            String topic, int expected, Duration limit, Deserializer<K> keys, Deserializer<V> values) {
        Map<String, Object> properties = secured(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"));
        try (KafkaConsumer<K, V> reader = new KafkaConsumer<>(properties, keys, values)) {
            reader.subscribe(List.of(topic));
            List<ConsumerRecord<K, V>> records = new ArrayList<>();
            long deadline = System.nanoTime() + limit.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                reader.poll(Duration.ofMillis(100)).forEach(records::add);
            }
            reader.poll(Duration.ofMillis(300)).forEach(records::add);
            return records;
        }
    }

    /** {@link #read} with raw keys and values, waiting up to 30 seconds. */
    public List<ConsumerRecord<byte[], byte[]>> read(String topic, int expected) {
        return read(topic, expected, Duration.ofSeconds(30), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    TestKafka checkReachable(String advice) {
        Map<String, Object> quick = secured(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 4_000));
        try (Admin admin = Admin.create(quick)) {
            admin.describeCluster().clusterId().get(5, TimeUnit.SECONDS);
            return this;
        } catch (ExecutionException | TimeoutException e) {
            throw new TestServerUnavailableException(
                    "Kafka at " + bootstrapServers + " is not reachable (" + e.getMessage() + "). " + advice, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while checking Kafka at " + bootstrapServers, e);
        }
    }
}
