package io.kairos.app.ops;

import io.kairos.app.KafkaClientBase;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.jooq.DSLContext;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The health and gauges every {@code kairos serve} process has, whatever its roles: Kafka's reachability (PostgreSQL's
 * is Boot's {@code db} indicator) and the platform's gauges.
 */
@Configuration(proxyBeanMethods = false)
public class OperationsConfiguration {

    /** How long a health check waits for Kafka. */
    static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(3);

    @Bean(destroyMethod = "close")
    Admin healthAdmin(KafkaClientBase kafka) {
        Map<String, Object> properties = new HashMap<>(kafka.admin());
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "kairos-health");
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) KAFKA_TIMEOUT.toMillis());
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) KAFKA_TIMEOUT.toMillis());
        return Admin.create(properties);
    }

    @Bean
    HealthIndicator kafkaHealthIndicator(Admin healthAdmin) {
        return new KafkaHealthIndicator(healthAdmin, KAFKA_TIMEOUT);
    }

    @Bean
    MeterBinder platformGauges(DSLContext db) {
        return new PlatformGauges(db, Duration.ofSeconds(5), Clock.systemUTC());
    }
}
