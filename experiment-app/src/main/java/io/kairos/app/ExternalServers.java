package io.kairos.app;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Tells whether the user configured external servers. {@code application.properties} maps the environment variables
 * {@code POSTGRES_JDBC_URL} and {@code KAFKA_BOOTSTRAP_SERVERS} onto the Spring properties, so either spelling works.
 */
final class ExternalServers {

    static final String POSTGRES_URL_PROPERTY = "spring.datasource.url";
    static final String KAFKA_BOOTSTRAP_PROPERTY = "spring.kafka.bootstrap-servers";

    private ExternalServers() {}

    /** Matches when no external PostgreSQL URL is configured. */
    static final class NoExternalPostgres implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !StringUtils.hasText(context.getEnvironment().getProperty(POSTGRES_URL_PROPERTY));
        }
    }

    /** Matches when no external Kafka bootstrap address is configured. */
    static final class NoExternalKafka implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !StringUtils.hasText(context.getEnvironment().getProperty(KAFKA_BOOTSTRAP_PROPERTY));
        }
    }
}
