package io.kairos.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaClusterIT {

    @TempDir
    static Path dataDir;

    private static EmbeddedKafkaCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = EmbeddedKafkaCluster.start(dataDir.resolve("cluster"), 0);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void givenACluster_whenATopicIsCreatedWithoutAReplicationFactor_thenItHasThreeReplicasAndMinInSyncTwo()
            throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic("defaults", java.util.Optional.of(2), java.util.Optional.empty())))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            var description = EmbeddedKafkaCluster.untilTopicKnown(() -> admin.describeTopics(List.of("defaults"))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get("defaults"));
            assertThat(description.partitions())
                    .allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "defaults");
            Config config = EmbeddedKafkaCluster.untilTopicKnown(() -> admin.describeConfigs(List.of(topic))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .get(topic));
            assertThat(config.get("min.insync.replicas").value()).isEqualTo("2");
            ConfigResource offsets = new ConfigResource(ConfigResource.Type.BROKER, "1");
            Config broker = admin.describeConfigs(List.of(offsets))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .get(offsets);
            assertThat(broker.get("offsets.topic.replication.factor").value()).isEqualTo("3");
            assertThat(broker.get("transaction.state.log.replication.factor").value())
                    .isEqualTo("3");
            assertThat(broker.get("transaction.state.log.min.isr").value()).isEqualTo("2");
            assertThat(broker.get("share.coordinator.state.topic.replication.factor")
                            .value())
                    .isEqualTo("3");
        }
    }

    @Test
    void
            givenATopicOfReplicationFactorThree_whenOneThenTwoFollowersStop_thenAcksAllWritesWorkWithOneDownAndAreRefusedWithTwo()
                    throws Exception {
        createTopic("guarded");
        List<String> written = new ArrayList<>();
        try (KafkaProducer<String, String> producer = producer(true);
                KafkaProducer<String, String> noRetries = producer(false)) {
            send(producer, "guarded", "all-up");
            written.add("all-up");
            int leader = cluster.leaderOf("guarded", 0);
            int firstFollower = leader % 3 + 1;
            int secondFollower = firstFollower % 3 + 1;
            cluster.stopBroker(firstFollower);
            try {
                send(producer, "guarded", "one-down");
                written.add("one-down");
                cluster.stopBroker(secondFollower);
                try {
                    assertThatThrownBy(() -> send(noRetries, "guarded", "two-down"))
                            .isInstanceOf(ExecutionException.class)
                            .hasCauseInstanceOf(NotEnoughReplicasException.class);
                } finally {
                    cluster.startBroker(secondFollower);
                }
            } finally {
                cluster.startBroker(firstFollower);
            }
            send(producer, "guarded", "all-back");
            written.add("all-back");
        }
        assertThat(readAll("guarded")).containsExactlyElementsOf(written);
    }

    @Test
    void givenAStoppedBroker_whenItStartsAgainOnItsDirectory_thenItKeepsItsRecordsAndRejoinsTheInSyncReplicas()
            throws Exception {
        createTopic("rejoin");
        try (KafkaProducer<String, String> producer = producer(true)) {
            send(producer, "rejoin", "before");
            int stopped = cluster.leaderOf("rejoin", 0);
            cluster.stopBroker(stopped);
            assertThat(cluster.isRunning(stopped)).isFalse();
            awaitInSyncReplicas("rejoin", 2);
            assertThat(cluster.inSyncReplicas("rejoin", 0)).doesNotContain(stopped);
            send(producer, "rejoin", "while-down");
            cluster.startBroker(stopped);
            assertThat(cluster.isRunning(stopped)).isTrue();
            awaitInSyncReplicas("rejoin", 3);
            assertThat(cluster.inSyncReplicas("rejoin", 0)).containsExactly(1, 2, 3);
        }
        assertThat(readAll("rejoin")).containsExactly("before", "while-down");
    }

    private void awaitInSyncReplicas(String topic, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (cluster.inSyncReplicas(topic, 0).size() != count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("in-sync replicas of " + topic + " never became " + count + ": "
                        + cluster.inSyncReplicas(topic, 0));
            }
            Thread.sleep(100);
        }
    }

    private void createTopic(String name) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 3))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()));
    }

    /** acks=all; idempotent and retrying, or (to see a refusal as it is) neither. */
    private KafkaProducer<String, String> producer(boolean idempotent) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", cluster.bootstrapServers());
        config.put("acks", "all");
        config.put("enable.idempotence", String.valueOf(idempotent));
        if (!idempotent) {
            config.put("retries", "0");
        }
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static void send(KafkaProducer<String, String> producer, String topic, String value)
            throws ExecutionException, InterruptedException, java.util.concurrent.TimeoutException {
        producer.send(new ProducerRecord<>(topic, value, value)).get(30, TimeUnit.SECONDS);
    }

    private List<String> readAll(String topic) {
        Map<String, Object> config = Map.of(
                "bootstrap.servers",
                cluster.bootstrapServers(),
                "auto.offset.reset",
                "earliest",
                "group.id",
                "read-" + topic);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            int empty = 0;
            while (System.nanoTime() < deadline && (values.isEmpty() || empty < 3)) {
                var records = consumer.poll(Duration.ofMillis(500));
                empty = records.isEmpty() ? empty + 1 : 0;
                for (ConsumerRecord<String, String> r : records) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }
}
