package io.kairos.app.streaming;

import io.kairos.app.KafkaClientBase;
import io.kairos.streaming.wire.WatermarkPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the streaming pipeline needs to know, resolved from configuration.
 *
 * @param experimentKey the experiment the real-time consumers decide for, whose streaming state and timers they keep
 * @param kafka the operator's Kafka client properties (servers, security, tuning), the base of every client
 * @param activityTopic the events topic
 * @param deadLetterTopic where rejected records go
 * @param decisionsTopic where delivered decisions are published
 * @param realtimeGroup consumer group of the real-time consumers (one per experiment)
 * @param archiveGroup consumer group of the archivers
 * @param realtimeConsumers real-time consumer threads in this process
 * @param archiveConsumers archiver threads in this process
 * @param publish whether this process runs the decision publisher
 * @param grace timer grace in event time (the engine's)
 * @param heartbeatInterval wall-clock heartbeat period of idle partitions' watermarks; zero for replays
 * @param heartbeatLag how far behind the wall clock the heartbeat holds the watermark
 * @param maxRecordBytes largest activity record accepted
 * @param recentIdsPerPartition duplicate detector memory per partition
 * @param pollTimeout longest wait of one poll
 * @param progressInterval how often consumers log progress; zero for never
 * @param publisherPageSize outbox messages per publishing round
 * @param publisherIdleWait the publisher's wait when the outbox is empty
 * @param watermarks which watermark records the activity topic admits
 * @param deadLetterMaxBytes the largest dead letter sent; larger ones carry a prefix of the value, or a reference
 */
public record StreamingOptions(
        String experimentKey,
        KafkaClientBase kafka,
        String activityTopic,
        String deadLetterTopic,
        String decisionsTopic,
        String realtimeGroup,
        String archiveGroup,
        int realtimeConsumers,
        int archiveConsumers,
        boolean publish,
        Duration grace,
        Duration heartbeatInterval,
        Duration heartbeatLag,
        int maxRecordBytes,
        int recentIdsPerPartition,
        Duration pollTimeout,
        Duration progressInterval,
        int publisherPageSize,
        Duration publisherIdleWait,
        WatermarkPolicy watermarks,
        int deadLetterMaxBytes) {

    public StreamingOptions {
        Objects.requireNonNull(experimentKey, "experimentKey");
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(activityTopic, "activityTopic");
        Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
        Objects.requireNonNull(decisionsTopic, "decisionsTopic");
        Objects.requireNonNull(realtimeGroup, "realtimeGroup");
        Objects.requireNonNull(archiveGroup, "archiveGroup");
        Objects.requireNonNull(watermarks, "watermarks");
        if (realtimeConsumers < 0 || archiveConsumers < 0) {
            throw new IllegalArgumentException("consumer counts must not be negative");
        }
    }
}
