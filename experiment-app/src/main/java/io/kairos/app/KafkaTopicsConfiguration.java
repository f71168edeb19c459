package io.kairos.app;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * Declares the platform's topics; Spring Kafka's {@code KafkaAdmin} creates the missing ones at start. Events are
 * keyed by user id, so one user's events stay ordered within a partition.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spring.kafka.admin.auto-create", havingValue = "true", matchIfMissing = true)
class KafkaTopicsConfiguration {

    @Bean
    NewTopic activityTopic(KairosProperties properties) {
        KairosProperties.Kafka kafka = properties.kafka();
        return TopicBuilder.name(kafka.activityTopic())
                .partitions(kafka.partitions())
                .replicas(kafka.replicationFactor())
                .build();
    }

    @Bean
    NewTopic deadLetterTopic(KairosProperties properties) {
        KairosProperties.Kafka kafka = properties.kafka();
        return TopicBuilder.name(kafka.deadLetterTopic())
                .partitions(1)
                .replicas(kafka.replicationFactor())
                .build();
    }

    @Bean
    NewTopic decisionsTopic(KairosProperties properties) {
        KairosProperties.Kafka kafka = properties.kafka();
        return TopicBuilder.name(kafka.decisionsTopic())
                .partitions(kafka.partitions())
                .replicas(kafka.replicationFactor())
                .build();
    }
}
