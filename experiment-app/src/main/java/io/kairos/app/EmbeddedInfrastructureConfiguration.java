package io.kairos.app;

import io.kairos.embedded.EmbeddedKafkaServer;
import io.kairos.embedded.EmbeddedPostgresServer;
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
    EmbeddedKafkaServer embeddedKafka(KairosProperties properties) {
        return EmbeddedKafkaServer.start(
                properties.dataDir().resolve("kafka"), properties.embedded().kafkaPort());
    }

    @Bean
    @Conditional(ExternalServers.NoExternalKafka.class)
    KafkaConnectionDetails embeddedKafkaConnectionDetails(EmbeddedKafkaServer kafka) {
        return () -> List.of(kafka.bootstrapServers());
    }
}
