package io.kairos.app.streaming;

import io.kairos.domain.experiment.Experiment;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of {@code kairos stream}, under {@code kairos.streaming.}.
 *
 * @param experimentKey the experiment the real-time consumers decide for, whose streaming state and timers they keep;
 *     their group is {@code realtime-<key>}
 * @param salt the experiment's assignment salt
 * @param campaignFile the campaign file; empty for the built-in default campaigns
 * @param grace how long a timer waits, in event time, past its due time for late events
 * @param defaultZone the time zone of users who never stated one
 * @param realtimeConsumers real-time consumer threads in this process (at most the topic's partitions are busy)
 * @param archiveConsumers archiver threads in this process
 * @param archiveGroup the archivers' consumer group
 * @param realtimeGroup the real-time consumers' group; empty for {@code realtime-<experiment key>}
 * @param publish whether this process relays the outbox to the decisions topic
 * @param heartbeatInterval live mode: how often idle partitions' watermarks follow the wall clock; 0 for replays
 * @param heartbeatLag live mode: the watermark the heartbeat sets is the wall clock minus this lag
 * @param maxRecordBytes the largest activity record accepted; larger ones are dead-lettered
 * @param recentIdsPerPartition event ids remembered per partition to detect duplicates
 * @param maxFutureSkew how far in the future (wall clock) an event or a watermark record may be dated before it is
 *     rejected
 * @param acceptWatermarks whether watermark records are admitted (false: they are dead-lettered, and only events and
 *     the heartbeat move event time)
 * @param watermarkSecret when set, watermark records must carry the hex HMAC-SHA256 of their value under this secret
 *     in the header {@code kairos-watermark-signature}; unsigned or wrongly signed ones are dead-lettered
 * @param deadLetterMaxBytes the largest dead letter (key, value and headers) sent; a larger one carries a prefix of
 *     the value with its size and SHA-256, so that it always fits the dead-letter topic
 * @param legacyCurrency the currency of version-1 purchases, which did not state one
 * @param pollTimeout the longest a consumer's poll waits
 * @param progressInterval how often consumers log their progress and lag
 * @param publisherPageSize outbox messages sent per round
 * @param publisherIdleWait the publisher's pause when the outbox is empty
 */
@ConfigurationProperties("kairos.streaming")
public record StreamingProperties(
        @DefaultValue("default") String experimentKey,
        @DefaultValue("kairos") String salt,
        Path campaignFile,
        @DefaultValue("5m") Duration grace,
        @DefaultValue("UTC") ZoneId defaultZone,
        @DefaultValue("1") int realtimeConsumers,
        @DefaultValue("1") int archiveConsumers,
        @DefaultValue("archive") String archiveGroup,
        @DefaultValue("") String realtimeGroup,
        @DefaultValue("true") boolean publish,
        @DefaultValue("1s") Duration heartbeatInterval,
        @DefaultValue("30s") Duration heartbeatLag,
        @DefaultValue("65536") int maxRecordBytes,
        @DefaultValue("100000") int recentIdsPerPartition,
        @DefaultValue("5m") Duration maxFutureSkew,
        @DefaultValue("true") boolean acceptWatermarks,
        @DefaultValue("") String watermarkSecret,
        @DefaultValue("1000000") int deadLetterMaxBytes,
        @DefaultValue("EUR") String legacyCurrency,
        @DefaultValue("200ms") Duration pollTimeout,
        @DefaultValue("30s") Duration progressInterval,
        @DefaultValue("500") int publisherPageSize,
        @DefaultValue("200ms") Duration publisherIdleWait) {

    public StreamingProperties {
        try {
            Experiment.requireValidKey(experimentKey);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("kairos.streaming.experiment-key: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "StreamingProperties[experimentKey=" + experimentKey + ", realtimeGroup=" + realtimeGroup()
                + ", watermarkSecret=" + (watermarkSecret.isEmpty() ? "none" : "(set)") + "]";
    }

    /** The real-time consumers' group: by default one per experiment, so two experiments never share offsets. */
    @Override
    public String realtimeGroup() {
        return realtimeGroup.isEmpty() ? "realtime-" + experimentKey : realtimeGroup;
    }
}
