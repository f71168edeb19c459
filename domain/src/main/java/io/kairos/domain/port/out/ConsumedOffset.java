package io.kairos.domain.port.out;

import java.util.Objects;

/**
 * How far a consumer group has consumed one topic partition.
 *
 * @param nextOffset the offset of the next record to consume (Kafka's committed-offset convention)
 */
public record ConsumedOffset(String consumerGroup, String topic, int partition, long nextOffset) {

    public ConsumedOffset {
        Objects.requireNonNull(consumerGroup, "consumerGroup");
        Objects.requireNonNull(topic, "topic");
        if (partition < 0) {
            throw new IllegalArgumentException("partition must not be negative: " + partition);
        }
        if (nextOffset < 0) {
            throw new IllegalArgumentException("nextOffset must not be negative: " + nextOffset);
        }
    }
}
