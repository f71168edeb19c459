package io.kairos.app.demo;

import java.util.Objects;

/**
 * Where a full-path run's records go and who reads them: the activity topic, its partition count, and the consumer
 * groups whose committed offsets (stored in PostgreSQL) tell that they have caught up.
 *
 * @param activityTopic the topic the simulator produces events and watermark records to
 * @param partitions the topic's partition count (a watermark record goes to each)
 * @param realtimeGroup the real-time consumers' group
 * @param archiveGroup the archivers' group
 */
public record FullPathTopology(String activityTopic, int partitions, String realtimeGroup, String archiveGroup) {

    public FullPathTopology {
        Objects.requireNonNull(activityTopic, "activityTopic");
        Objects.requireNonNull(realtimeGroup, "realtimeGroup");
        Objects.requireNonNull(archiveGroup, "archiveGroup");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
        }
    }
}
