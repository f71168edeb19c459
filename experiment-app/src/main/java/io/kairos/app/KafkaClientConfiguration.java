package io.kairos.app;

import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Builds the base of every Kafka client the app creates from Spring Boot's {@code spring.kafka.*} settings. */
@Configuration(proxyBeanMethods = false)
class KafkaClientConfiguration {

    @Bean
    KafkaClientBase kafkaClientBase(
            KafkaProperties properties, KafkaConnectionDetails connection, Environment environment) {
        return KafkaClientBase.from(properties, connection, environment);
    }
}
