package io.kairos.testsupport;

import io.kairos.embedded.EmbeddedKafkaCluster;
import io.kairos.embedded.EmbeddedKafkaServer;
import io.kairos.embedded.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Gives integration tests a real PostgreSQL and a real Kafka broker, started at most once per test JVM and shared.
 *
 * <p>Order of choice, for each server separately:
 *
 * <ol>
 *   <li>an external server named by environment variables: {@value #POSTGRES_URL_ENV} (with {@value
 *       #POSTGRES_USER_ENV} and {@value #POSTGRES_PASSWORD_ENV}) and {@value #KAFKA_BOOTSTRAP_ENV};
 *   <li>Testcontainers ({@code postgres:17}, {@code apache/kafka} in KRaft mode) when a Docker engine answers,
 *       unless {@value #NO_DOCKER_ENV}{@code =true};
 *   <li>embedded servers otherwise: zonky's PostgreSQL 17 binaries and an in-JVM KRaft broker.
 * </ol>
 *
 * When a server cannot be had, the test fails with a {@link TestServerUnavailableException} whose message says why
 * and what to do.
 */
public final class TestServers {

    /** JDBC URL of an external PostgreSQL for tests, e.g. {@code jdbc:postgresql://localhost:5432/kairos}. */
    public static final String POSTGRES_URL_ENV = "KAIROS_TEST_POSTGRES_URL";
    /** User of the external test PostgreSQL (default {@code postgres}); it needs the CREATEDB privilege. */
    public static final String POSTGRES_USER_ENV = "KAIROS_TEST_POSTGRES_USER";
    /** Password of the external test PostgreSQL (default empty). */
    public static final String POSTGRES_PASSWORD_ENV = "KAIROS_TEST_POSTGRES_PASSWORD";
    /** Bootstrap servers of an external Kafka for tests, e.g. {@code localhost:9092}. */
    public static final String KAFKA_BOOTSTRAP_ENV = "KAIROS_TEST_KAFKA_BOOTSTRAP_SERVERS";
    /** Set to {@code true} to skip the Docker probe and use embedded servers even where Docker answers. */
    public static final String NO_DOCKER_ENV = "KAIROS_TEST_NO_DOCKER";

    private static final Logger log = LoggerFactory.getLogger(TestServers.class);
    private static final String POSTGRES_IMAGE = "postgres:17";
    private static final String KAFKA_IMAGE = "apache/kafka:4.1.1";

    private static volatile TestPostgres postgres;
    private static volatile TestKafka kafka;
    private static volatile TestKafka scramKafka;
    private static volatile TestKafkaCluster kafkaCluster;
    private static volatile Boolean dockerAvailable;

    private TestServers() {}

    /** The shared PostgreSQL of this test JVM, started on first use. */
    public static TestPostgres postgres() {
        TestPostgres current = postgres;
        if (current == null) {
            synchronized (TestServers.class) {
                if (postgres == null) {
                    postgres = startPostgres(System.getenv());
                }
                current = postgres;
            }
        }
        return current;
    }

    /** The shared Kafka broker of this test JVM, started on first use. */
    public static TestKafka kafka() {
        TestKafka current = kafka;
        if (current == null) {
            synchronized (TestServers.class) {
                if (kafka == null) {
                    kafka = startKafka(System.getenv());
                }
                current = kafka;
            }
        }
        return current;
    }

    /** The client account of {@link #scramKafka()}. */
    public static final String SCRAM_USER = "kairos";
    /** Its password. */
    public static final String SCRAM_PASSWORD = "kairos-secret";

    /**
     * A second, secured broker of this test JVM, started on first use and shared: always embedded, with a
     * SASL_PLAINTEXT listener that only SCRAM-SHA-512 accounts can use ({@value #SCRAM_USER}, and the broker's
     * own). Its {@link TestKafka#security()} authenticates as {@value #SCRAM_USER}.
     */
    public static TestKafka scramKafka() {
        TestKafka current = scramKafka;
        if (current == null) {
            synchronized (TestServers.class) {
                if (scramKafka == null) {
                    scramKafka = started("embedded Kafka broker with SCRAM", () -> {
                        EmbeddedKafkaServer server = EmbeddedKafkaServer.startWithScram(
                                temporaryDirectory("kairos-test-kafka-scram"),
                                0,
                                new EmbeddedKafkaServer.Scram(
                                        "broker", "broker-secret", Map.of(SCRAM_USER, SCRAM_PASSWORD)));
                        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "stop-test-kafka-scram"));
                        return new TestKafka(
                                server.bootstrapServers(),
                                "embedded with SCRAM",
                                EmbeddedKafkaServer.scramClientProperties(SCRAM_USER, SCRAM_PASSWORD));
                    });
                }
                current = scramKafka;
            }
        }
        return current;
    }

    /**
     * A cluster of three Kafka brokers of this test JVM, started on first use and shared: always embedded ({@link
     * EmbeddedKafkaCluster}), replication factor 3 and min.insync.replicas 2 by default, for tests that stop a broker.
     * A test that stops one starts it again before it ends.
     */
    public static TestKafkaCluster kafkaCluster() {
        TestKafkaCluster current = kafkaCluster;
        if (current == null) {
            synchronized (TestServers.class) {
                if (kafkaCluster == null) {
                    kafkaCluster = started("embedded Kafka cluster of three brokers", () -> {
                        EmbeddedKafkaCluster cluster =
                                EmbeddedKafkaCluster.start(temporaryDirectory("kairos-test-kafka-cluster"), 0);
                        Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "stop-test-kafka-cluster"));
                        return new TestKafkaCluster(
                                new TestKafka(cluster.bootstrapServers(), "embedded cluster"), cluster);
                    });
                }
                current = kafkaCluster;
            }
        }
        return current;
    }

    /**
     * A Kafka cluster for tests: its clients' view, and its brokers to stop and start.
     *
     * @param kafka the bootstrap servers of the three brokers, and topic helpers
     * @param brokers the brokers
     */
    public record TestKafkaCluster(TestKafka kafka, EmbeddedKafkaCluster brokers) {}

    static TestPostgres startPostgres(Map<String, String> env) {
        String url = env.get(POSTGRES_URL_ENV);
        if (url != null && !url.isBlank()) {
            TestPostgres external = new TestPostgres(
                    url,
                    env.getOrDefault(POSTGRES_USER_ENV, "postgres"),
                    env.getOrDefault(POSTGRES_PASSWORD_ENV, ""),
                    "external (" + POSTGRES_URL_ENV + ")");
            return external.checkReachable(
                    "Set " + POSTGRES_URL_ENV + " to a reachable server, or unset it to use an embedded PostgreSQL.");
        }
        if (dockerAnswers(env)) {
            return started("PostgreSQL in Docker (" + POSTGRES_IMAGE + ")", () -> {
                PostgreSQLContainer container = new PostgreSQLContainer(POSTGRES_IMAGE);
                container.start();
                Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "stop-test-postgres"));
                return new TestPostgres(
                        container.getJdbcUrl(), container.getUsername(), container.getPassword(), "Testcontainers");
            });
        }
        return started("embedded PostgreSQL", () -> {
            Path dir = temporaryDirectory("kairos-test-pg");
            Path binaries = Path.of(System.getProperty("java.io.tmpdir"), "kairos-embedded-pg");
            EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir, binaries, 0, "kairos");
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "stop-test-postgres"));
            return new TestPostgres(server.jdbcUrl(), EmbeddedPostgresServer.USER, "", "embedded");
        });
    }

    static TestKafka startKafka(Map<String, String> env) {
        String bootstrap = env.get(KAFKA_BOOTSTRAP_ENV);
        if (bootstrap != null && !bootstrap.isBlank()) {
            return new TestKafka(bootstrap, "external (" + KAFKA_BOOTSTRAP_ENV + ")")
                    .checkReachable("Set " + KAFKA_BOOTSTRAP_ENV
                            + " to a reachable broker, or unset it to use an embedded Kafka broker.");
        }
        if (dockerAnswers(env)) {
            return started("Kafka in Docker (" + KAFKA_IMAGE + ")", () -> {
                KafkaContainer container = new KafkaContainer(KAFKA_IMAGE);
                container.start();
                Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "stop-test-kafka"));
                return new TestKafka(container.getBootstrapServers(), "Testcontainers");
            });
        }
        return started("embedded Kafka broker", () -> {
            EmbeddedKafkaServer server = EmbeddedKafkaServer.start(temporaryDirectory("kairos-test-kafka"), 0);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "stop-test-kafka"));
            return new TestKafka(server.bootstrapServers(), "embedded");
        });
    }

    private static boolean dockerAnswers(Map<String, String> env) {
        if (Boolean.parseBoolean(env.getOrDefault(NO_DOCKER_ENV, "false"))) {
            return false;
        }
        if (dockerAvailable == null) {
            boolean socketPresent = Files.exists(Path.of("/var/run/docker.sock")) || env.containsKey("DOCKER_HOST");
            dockerAvailable = socketPresent && probeDocker();
            log.info(
                    "Docker engine {}: test servers will be {}",
                    dockerAvailable ? "answers" : "not available",
                    dockerAvailable ? "Testcontainers" : "embedded");
        }
        return dockerAvailable;
    }

    private static boolean probeDocker() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static <T> T started(String what, Supplier<T> start) {
        long t0 = System.nanoTime();
        try {
            T server = start.get();
            log.info("Test server ready: {} in {} ms", what, (System.nanoTime() - t0) / 1_000_000);
            return server;
        } catch (RuntimeException e) {
            throw new TestServerUnavailableException(
                    "The " + what + " for the integration tests could not start: " + e.getMessage()
                            + " To use a server of your own instead, set " + POSTGRES_URL_ENV + " / "
                            + KAFKA_BOOTSTRAP_ENV + " (see docs/operations.md).",
                    e);
        }
    }

    private static Path temporaryDirectory(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory for " + prefix, e);
        }
    }
}
