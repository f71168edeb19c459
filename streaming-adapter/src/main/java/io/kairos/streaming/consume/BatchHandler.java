package io.kairos.streaming.consume;

import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/**
 * What a consumer does with its poll batches. Called from the loop's thread only. {@link #process} keeps its effects
 * tentative until {@link #committed} (the batch's writes are in PostgreSQL) or {@link #abandoned} (they are not, the
 * batch will be polled again).
 */
public interface BatchHandler {

    /** Partitions newly owned, positioned at their stored offsets. */
    void assigned(Collection<AssignedPartition> partitions);

    /** Partitions no longer owned; everything processed for them is already committed. */
    void revoked(Collection<Integer> partitions);

    /**
     * Turns a poll batch (possibly empty) of a topic with {@code partitionCount} partitions into work, or empty when
     * there is nothing to commit.
     */
    Optional<BatchWork> process(ConsumerRecords<byte[], byte[]> records, int partitionCount, Instant now);

    /** The work last returned by {@link #process} is committed. */
    void committed(Instant now);

    /** The work last returned by {@link #process} is discarded; forget its tentative effects. */
    void abandoned();

    /** A short text to keep in Kafka's commit metadata for a partition, handed back by {@link #assigned}. */
    String memo(int partition);
}
