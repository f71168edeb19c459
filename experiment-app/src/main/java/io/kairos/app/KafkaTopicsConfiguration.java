package io.kairos.app;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * Declares the platform's topics; Spring Kafka's {@code KafkaAdmin} creates the missing ones at start. Events are
 * keyed by user id, so one user's events stay ordered within a partition.
 *
 * <p>Replication factor {@code kairos.kafka.replication-factor}, by default the number of embedded brokers (3 for a
 * cluster, see {@code kairos.embedded.kafka-brokers}) or 1, and {@code min.insync.replicas} a majority of it: on
 * three replicas a write acknowledged by all in-sync replicas is on two at least, and the topic takes writes with
 * one broker down.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spring.kafka.admin.auto-create", havingValue = "true", matchIfMissing = true)
class KafkaTopicsConfiguration {

    @Bean
    NewTopic activityTopic(
            KairosProperties properties, ObjectProvider<EmbeddedInfrastructureConfiguration.EmbeddedKafka> embedded) {
        KairosProperties.Kafka kafka = properties.kafka();
        int replicas = replicationFactor(kafka, embedded);
        return TopicBuilder.name(kafka.activityTopic())
                .partitions(kafka.partitions())
                .replicas(replicas)
                .config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(minInSyncReplicas(replicas)))
                .build();
    }

    @Bean
    NewTopic deadLetterTopic(
            KairosProperties properties, ObjectProvider<EmbeddedInfrastructureConfiguration.EmbeddedKafka> embedded) {
        KairosProperties.Kafka kafka = properties.kafka();
        int replicas = replicationFactor(kafka, embedded);
        return TopicBuilder.name(kafka.deadLetterTopic())
                .partitions(1)
                .replicas(replicas)
                .config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(minInSyncReplicas(replicas)))
                .build();
    }

    @Bean
    NewTopic decisionsTopic(
            KairosProperties properties, ObjectProvider<EmbeddedInfrastructureConfiguration.EmbeddedKafka> embedded) {
        KairosProperties.Kafka kafka = properties.kafka();
        int replicas = replicationFactor(kafka, embedded);
        return TopicBuilder.name(kafka.decisionsTopic())
                .partitions(kafka.partitions())
                .replicas(replicas)
                .config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(minInSyncReplicas(replicas)))
                .build();
    }

    /** The configured replication factor, else the number of embedded brokers, else 1 (an external Kafka). */
    static int replicationFactor(
            KairosProperties.Kafka kafka, ObjectProvider<EmbeddedInfrastructureConfiguration.EmbeddedKafka> embedded) {
        if (kafka.replicationFactor() != null) {
            return kafka.replicationFactor();
        }
        EmbeddedInfrastructureConfiguration.EmbeddedKafka server = embedded.getIfAvailable();
        return server == null ? 1 : server.brokers();
    }

    /** A majority of the replicas: 1 of 1, 2 of 2, 2 of 3. */
    static int minInSyncReplicas(int replicas) {
        return replicas / 2 + 1;
    }
}
