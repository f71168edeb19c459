package io.kairos.app;

import io.kairos.embedded.EmbeddedKafkaCluster;
import io.kairos.embedded.EmbeddedKafkaServer;
import io.kairos.embedded.EmbeddedPostgresServer;
import io.kairos.embedded.EmbeddedServerException;
import java.util.List;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The zero-setup default: when no external PostgreSQL or Kafka is configured, start a real one in-process, with its
 * data under {@code kairos.data-dir}, and hand its address to Spring Boot as connection details.
 *
 * <p>Spring destroys beans in reverse dependency order, so the connection pool and the Kafka clients close before the
 * servers they talk to stop.
 */
@Configuration(proxyBeanMethods = false)
class EmbeddedInfrastructureConfiguration {

    @Bean(destroyMethod = "close")
    @Conditional(ExternalServers.NoExternalPostgres.class)
    EmbeddedPostgresServer embeddedPostgres(KairosProperties properties) {
        return EmbeddedPostgresServer.start(
                properties.dataDir().resolve("postgres"),
                properties.dataDir().resolve("postgres-binaries"),
                properties.embedded().postgresPort(),
                properties.embedded().database());
    }

    @Bean
    @Conditional(ExternalServers.NoExternalPostgres.class)
    JdbcConnectionDetails embeddedPostgresConnectionDetails(EmbeddedPostgresServer postgres) {
        return new JdbcConnectionDetails() {
            @Override
            public String getUsername() {
                return EmbeddedPostgresServer.USER;
            }

            @Override
            public String getPassword() {
                return "";
            }

            @Override
            public String getJdbcUrl() {
                return postgres.jdbcUrl();
            }
        };
    }

    @Bean(destroyMethod = "close")
    @Conditional(ExternalServers.NoExternalKafka.class)
    EmbeddedKafka embeddedKafka(KairosProperties properties) {
        int brokers = properties.embedded().kafkaBrokers();
        int port = properties.embedded().kafkaPort();
        if (brokers == 1) {
            EmbeddedKafkaServer server =
                    EmbeddedKafkaServer.start(properties.dataDir().resolve("kafka"), port);
            return new EmbeddedKafka(List.of(server.bootstrapServers()), server);
        }
        if (brokers == EmbeddedKafkaCluster.BROKERS) {
            EmbeddedKafkaCluster cluster =
                    EmbeddedKafkaCluster.start(properties.dataDir().resolve("kafka-cluster"), port);
            return new EmbeddedKafka(cluster.brokerAddresses(), cluster);
        }
        throw new EmbeddedServerException("kairos.embedded.kafka-brokers (kairos up --brokers) must be 1 or 3, not "
                + brokers + ": the embedded Kafka runs one broker, or a cluster of three that keeps working when one"
                + " stops.");
    }

    @Bean
    @Conditional(ExternalServers.NoExternalKafka.class)
    KafkaConnectionDetails embeddedKafkaConnectionDetails(EmbeddedKafka kafka) {
        return kafka::bootstrapServers;
    }

    /**
     * The embedded Kafka, one broker or a cluster of three.
     *
     * @param bootstrapServers the address of each broker
     * @param server what stops it
     */
    record EmbeddedKafka(List<String> bootstrapServers, AutoCloseable server) {

        /** The number of brokers: the replication factor of the topics Kairos creates. */
        public int brokers() {
            return bootstrapServers.size();
        }

        public void close() throws Exception {
            server.close();
        }
    }
}
