package io.kairos.streaming.consume;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * How one poll loop runs.
 *
 * @param consumerProperties the operator's Kafka consumer properties (at least {@code bootstrap.servers}; security,
 *     tuning): the loop puts what exactly-once needs on top, see {@link
 *     io.kairos.streaming.client.ExactlyOnceClientProperties#consumer}
 * @param consumerGroup the consumer group, also the key of the offsets stored in PostgreSQL
 * @param topic the topic consumed
 * @param pollTimeout the longest a poll waits for records (also the heartbeat's resolution)
 * @param minBackoff the first wait after a retriable failure
 * @param maxBackoff the longest wait between retries
 * @param progressInterval how often progress (records, rate, lag) is logged; zero for never
 */
public record LoopSettings(
        Map<String, Object> consumerProperties,
        String consumerGroup,
        String topic,
        Duration pollTimeout,
        Duration minBackoff,
        Duration maxBackoff,
        Duration progressInterval) {

    public LoopSettings {
        consumerProperties = Map.copyOf(consumerProperties);
        if (!consumerProperties.containsKey(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalArgumentException(
                    "consumerProperties must name " + ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG);
        }
        Objects.requireNonNull(consumerGroup, "consumerGroup");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(pollTimeout, "pollTimeout");
        Objects.requireNonNull(minBackoff, "minBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(progressInterval, "progressInterval");
    }

    /**
     * Settings for a plain-text broker with the usual timings: 200 ms polls, back-off 100 ms to 10 s, progress every
     * 30 s.
     */
    public static LoopSettings of(String bootstrapServers, String consumerGroup, String topic) {
        return new LoopSettings(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                consumerGroup,
                topic,
                Duration.ofMillis(200),
                Duration.ofMillis(100),
                Duration.ofSeconds(10),
                Duration.ofSeconds(30));
    }

    /** These settings with more consumer properties, which replace any of the same name. */
    public LoopSettings withConsumerProperties(Map<String, Object> more) {
        Map<String, Object> merged = new HashMap<>(consumerProperties);
        merged.putAll(more);
        return new LoopSettings(merged, consumerGroup, topic, pollTimeout, minBackoff, maxBackoff, progressInterval);
    }
}
