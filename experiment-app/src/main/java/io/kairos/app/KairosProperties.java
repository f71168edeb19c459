package io.kairos.app;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The app's own settings, under the {@code kairos.} prefix.
 *
 * @param dataDir where the embedded PostgreSQL and Kafka keep their data (env {@code KAIROS_DATA_DIR})
 * @param embedded ports of the embedded servers
 * @param kafka topic names and sizes
 */
@ConfigurationProperties("kairos")
public record KairosProperties(
        @DefaultValue("data") Path dataDir,
        @DefaultValue Embedded embedded,
        @DefaultValue Kafka kafka) {

    /**
     * Ports of the embedded servers; 0 picks a free port at each start.
     *
     * @param postgresPort TCP port of the embedded PostgreSQL
     * @param kafkaPort TCP port of the embedded Kafka broker (of a cluster: of its first broker, the others on the
     *     next two ports)
     * @param database name of the application database on the embedded PostgreSQL
     * @param kafkaBrokers 1 for one embedded Kafka broker, 3 for a cluster of three (replication factor 3,
     *     min.insync.replicas 2); {@code kairos up --brokers}
     */
    public record Embedded(
            @DefaultValue("15432") int postgresPort,
            @DefaultValue("19092") int kafkaPort,
            @DefaultValue("kairos") String database,
            @DefaultValue("1") int kafkaBrokers) {}

    /**
     * The Kafka topics the platform uses, created at start when missing.
     *
     * @param activityTopic user events, keyed by user id
     * @param deadLetterTopic events that could not be processed, with the reason in headers
     * @param decisionsTopic decisions published for delivery channels
     * @param partitions partitions of the activity and decisions topics
     * @param replicationFactor replication factor of created topics; when not set, the number of embedded brokers
     *     (1 or 3), and 1 on an external Kafka. Their {@code min.insync.replicas} is a majority of it (2 of 3)
     */
    public record Kafka(
            @DefaultValue("user-activity") String activityTopic,
            @DefaultValue("user-activity.dlq") String deadLetterTopic,
            @DefaultValue("decisions") String decisionsTopic,
            @DefaultValue("4") int partitions,
            Short replicationFactor) {}
}
