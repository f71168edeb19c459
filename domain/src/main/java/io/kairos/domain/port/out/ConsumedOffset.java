package io.kairos.domain.port.out;

import java.util.Objects;

/**
 * How far a consumer group has consumed one topic partition, and, when written, from where: a commit applies only if
 * the stored offset is still {@code storedBefore}, the one this consumer resumed from or last committed. A consumer
 * whose partition has been processed by another since (a zombie after a rebalance) therefore cannot commit over the
 * new owner's work, however far it got.
 *
 * @param nextOffset the offset of the next record to consume (Kafka's committed-offset convention)
 * @param storedBefore the offset that must be stored for this one to replace it, or {@link #NONE_STORED} when none
 *     may be stored yet; as read from a store, equal to {@code nextOffset}
 */
public record ConsumedOffset(String consumerGroup, String topic, int partition, long nextOffset, long storedBefore) {

    /** {@link #storedBefore} of a first commit: no offset may be stored yet for the partition. */
    public static final long NONE_STORED = -1;

    public ConsumedOffset {
        Objects.requireNonNull(consumerGroup, "consumerGroup");
        Objects.requireNonNull(topic, "topic");
        if (partition < 0) {
            throw new IllegalArgumentException("partition must not be negative: " + partition);
        }
        if (nextOffset < 0) {
            throw new IllegalArgumentException("nextOffset must not be negative: " + nextOffset);
        }
        if (storedBefore < NONE_STORED || storedBefore > nextOffset) {
            throw new IllegalArgumentException(
                    "storedBefore must be " + NONE_STORED + " or an offset up to nextOffset: " + storedBefore);
        }
    }

    /** A stored position, as read back: it continues from itself. */
    public ConsumedOffset(String consumerGroup, String topic, int partition, long nextOffset) {
        this(consumerGroup, topic, partition, nextOffset, nextOffset);
    }

    /** This offset as a store holds it, without where it came from. */
    public ConsumedOffset position() {
        return new ConsumedOffset(consumerGroup, topic, partition, nextOffset);
    }
}
