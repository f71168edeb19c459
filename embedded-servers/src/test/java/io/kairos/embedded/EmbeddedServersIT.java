package io.kairos.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedServersIT {

    @TempDir
    Path dataDir;

    @Test
    void givenPostgresWithData_whenRestartedOnSameDirectory_thenDataIsStillThere() throws Exception {
        Path binaries = Path.of(System.getProperty("java.io.tmpdir"), "kairos-embedded-pg");
        try (EmbeddedPostgresServer first = EmbeddedPostgresServer.start(dataDir.resolve("pg"), binaries, 0, "kairos");
                Connection c = DriverManager.getConnection(first.jdbcUrl());
                Statement s = c.createStatement()) {
            s.execute("create table kept(v int)");
            s.execute("insert into kept values (42)");
        }
        try (EmbeddedPostgresServer second =
                        EmbeddedPostgresServer.start(dataDir.resolve("pg"), binaries, 0, "kairos");
                Connection c = DriverManager.getConnection(second.jdbcUrl());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select v, current_setting('server_version_num')::int from kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(42);
            assertThat(rs.getInt(2)).isBetween(170000, 179999);
        }
    }

    @Test
    void givenEmbeddedPostgres_whenItsDurabilitySettingsAreRead_thenACommitReachesTheDiskBeforeItReturns()
            throws Exception {
        Path binaries = Path.of(System.getProperty("java.io.tmpdir"), "kairos-embedded-pg");
        try (EmbeddedPostgresServer server =
                        EmbeddedPostgresServer.start(dataDir.resolve("durable"), binaries, 0, "kairos");
                Connection c = DriverManager.getConnection(server.jdbcUrl());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select current_setting('synchronous_commit'),"
                        + " current_setting('fsync'), current_setting('full_page_writes')")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("on");
            assertThat(rs.getString(2)).isEqualTo("on");
            assertThat(rs.getString(3)).isEqualTo("on");
        }
    }

    @Test
    void givenKafkaAdvertisingAnotherPort_whenClientsAskForMetadata_thenTheyAreSentThereAndTheBrokerStaysOffIt()
            throws Exception {
        int listening = EmbeddedKafkaServer.freePort();
        int advertised = EmbeddedKafkaServer.freePort(); // nothing listens there: the broker must not need it
        try (EmbeddedKafkaServer kafka =
                EmbeddedKafkaServer.startAdvertising(dataDir.resolve("advertising"), listening, advertised)) {
            assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + advertised);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.directBootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("advertised", 1, (short) 1)))
                        .all()
                        .get();
            }
            // A client that bootstraps on the listening port learns the advertised one from the metadata.
            Properties props = new Properties();
            props.put("bootstrap.servers", "127.0.0.1:" + listening);
            try (KafkaConsumer<String, String> consumer =
                    new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
                assertThat(consumer.partitionsFor("advertised", Duration.ofSeconds(30)))
                        .singleElement()
                        .satisfies(partition ->
                                assertThat(partition.leader().port()).isEqualTo(advertised));
            }
            // A transaction's markers are inter-broker traffic: they go to the broker's own listener, not the proxy's.
            Map<String, Object> direct = new HashMap<>();
            direct.put("bootstrap.servers", kafka.directBootstrapServers());
            direct.put("transactional.id", "advertising-check");
            try (KafkaProducer<String, String> producer =
                    new KafkaProducer<>(direct, new StringSerializer(), new StringSerializer())) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("advertised", "user-1", "hello"));
                producer.commitTransaction();
            }
            Properties committed = new Properties();
            committed.put("bootstrap.servers", kafka.directBootstrapServers());
            committed.put("group.id", "advertising-check");
            committed.put("auto.offset.reset", "earliest");
            committed.put("isolation.level", "read_committed");
            try (KafkaConsumer<String, String> consumer =
                    new KafkaConsumer<>(committed, new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("advertised"));
                ConsumerRecords<String, String> records = ConsumerRecords.empty();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (records.isEmpty() && System.nanoTime() < deadline) {
                    records = consumer.poll(Duration.ofMillis(200));
                }
                assertThat(records.count()).as("the transaction committed").isEqualTo(1);
            }
        }
    }

    @Test
    void givenKafkaWithATopic_whenRestartedOnSameDirectory_thenRecordsAreStillThere() throws Exception {
        try (EmbeddedKafkaServer kafka = EmbeddedKafkaServer.start(dataDir.resolve("kafka"), 0)) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("kept", 1, (short) 1)))
                        .all()
                        .get();
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                    Map.of("bootstrap.servers", kafka.bootstrapServers(), "enable.idempotence", "true"),
                    new StringSerializer(),
                    new StringSerializer())) {
                producer.send(new ProducerRecord<>("kept", "user-1", "hello")).get();
            }
        }
        try (EmbeddedKafkaServer kafka = EmbeddedKafkaServer.start(dataDir.resolve("kafka"), 0)) {
            Properties props = new Properties();
            props.put("bootstrap.servers", kafka.bootstrapServers());
            props.put("group.id", "restart-check");
            props.put("auto.offset.reset", "earliest");
            try (KafkaConsumer<String, String> consumer =
                    new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("kept"));
                ConsumerRecords<String, String> records = ConsumerRecords.empty();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (records.isEmpty() && System.nanoTime() < deadline) {
                    records = consumer.poll(Duration.ofMillis(200));
                }
                assertThat(records.count()).isEqualTo(1);
                assertThat(records.iterator().next().value()).isEqualTo("hello");
            }
        }
    }

    @Test
    void givenScramBroker_whenAnAccountWritesTransactionallyAndReadsCommitted_thenItWorksAndAWrongPasswordIsRefused()
            throws Exception {
        EmbeddedKafkaServer.Scram scram =
                new EmbeddedKafkaServer.Scram("broker", "broker-secret", Map.of("alice", "alice-secret"));
        try (EmbeddedKafkaServer kafka = EmbeddedKafkaServer.startWithScram(dataDir.resolve("scram"), 0, scram)) {
            Map<String, Object> alice =
                    new HashMap<>(EmbeddedKafkaServer.scramClientProperties("alice", "alice-secret"));
            alice.put("bootstrap.servers", kafka.bootstrapServers());
            try (Admin admin = Admin.create(alice)) {
                admin.createTopics(List.of(new NewTopic("secured", 1, (short) 1)))
                        .all()
                        .get();
            }
            Map<String, Object> producer = new HashMap<>(alice);
            producer.put("transactional.id", "scram-check");
            try (KafkaProducer<String, String> writer =
                    new KafkaProducer<>(producer, new StringSerializer(), new StringSerializer())) {
                writer.initTransactions();
                writer.beginTransaction();
                writer.send(new ProducerRecord<>("secured", "user-1", "hello"));
                writer.commitTransaction();
            }
            Map<String, Object> consumer = new HashMap<>(alice);
            consumer.put("group.id", "scram-check");
            consumer.put("auto.offset.reset", "earliest");
            consumer.put("isolation.level", "read_committed");
            try (KafkaConsumer<String, String> reader =
                    new KafkaConsumer<>(consumer, new StringDeserializer(), new StringDeserializer())) {
                reader.subscribe(List.of("secured"));
                ConsumerRecords<String, String> records = ConsumerRecords.empty();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (records.isEmpty() && System.nanoTime() < deadline) {
                    records = reader.poll(Duration.ofMillis(200));
                }
                assertThat(records.count()).isEqualTo(1);
            }

            Map<String, Object> wrong = new HashMap<>(EmbeddedKafkaServer.scramClientProperties("alice", "wrong"));
            wrong.put("bootstrap.servers", kafka.bootstrapServers());
            try (Admin admin = Admin.create(wrong)) {
                assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(SaslAuthenticationException.class);
            }
        }
    }

    @Test
    void givenPortAlreadyInUse_whenKafkaStarts_thenErrorSaysWhichPortAndWhatToDo() throws Exception {
        try (java.net.ServerSocket busy = new java.net.ServerSocket(0)) {
            assertThatThrownBy(() -> EmbeddedKafkaServer.start(dataDir.resolve("busy"), busy.getLocalPort()))
                    .isInstanceOf(EmbeddedServerException.class)
                    .hasMessageContaining("Port " + busy.getLocalPort() + " is already in use");
        }
    }
}
