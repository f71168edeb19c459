package io.kairos.streaming.consume;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How one poll loop runs.
 *
 * @param bootstrapServers the Kafka bootstrap servers
 * @param consumerGroup the consumer group, also the key of the offsets stored in PostgreSQL
 * @param topic the topic consumed
 * @param pollTimeout the longest a poll waits for records (also the heartbeat's resolution)
 * @param minBackoff the first wait after a retriable failure
 * @param maxBackoff the longest wait between retries
 * @param progressInterval how often progress (records, rate, lag) is logged; zero for never
 * @param consumerOverrides extra Kafka consumer properties, applied last
 */
public record LoopSettings(
        String bootstrapServers,
        String consumerGroup,
        String topic,
        Duration pollTimeout,
        Duration minBackoff,
        Duration maxBackoff,
        Duration progressInterval,
        Map<String, Object> consumerOverrides) {

    public LoopSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(consumerGroup, "consumerGroup");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(pollTimeout, "pollTimeout");
        Objects.requireNonNull(minBackoff, "minBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(progressInterval, "progressInterval");
        consumerOverrides = Map.copyOf(consumerOverrides);
    }

    /** Settings with the usual timings: 200 ms polls, back-off 100 ms to 10 s, progress every 30 s. */
    public static LoopSettings of(String bootstrapServers, String consumerGroup, String topic) {
        return new LoopSettings(
                bootstrapServers,
                consumerGroup,
                topic,
                Duration.ofMillis(200),
                Duration.ofMillis(100),
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                Map.of());
    }

    /** These settings with other consumer property overrides. */
    public LoopSettings withConsumerOverrides(Map<String, Object> overrides) {
        return new LoopSettings(
                bootstrapServers,
                consumerGroup,
                topic,
                pollTimeout,
                minBackoff,
                maxBackoff,
                progressInterval,
                overrides);
    }
}
