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
     * @param kafkaPort TCP port of the embedded Kafka broker
     * @param database name of the application database on the embedded PostgreSQL
     */
    public record Embedded(
            @DefaultValue("15432") int postgresPort,
            @DefaultValue("19092") int kafkaPort,
            @DefaultValue("kairos") String database) {}

    /**
     * The Kafka topics the platform uses, created at start when missing.
     *
     * @param activityTopic user events, keyed by user id
     * @param deadLetterTopic events that could not be processed, with the reason in headers
     * @param decisionsTopic decisions published for delivery channels
     * @param partitions partitions of the activity and decisions topics
     * @param replicationFactor replication factor of created topics
     */
    public record Kafka(
            @DefaultValue("user-activity") String activityTopic,
            @DefaultValue("user-activity.dlq") String deadLetterTopic,
            @DefaultValue("decisions") String decisionsTopic,
            @DefaultValue("4") int partitions,
            @DefaultValue("1") short replicationFactor) {}
}
