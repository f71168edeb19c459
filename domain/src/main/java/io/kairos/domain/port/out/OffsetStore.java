package io.kairos.domain.port.out;

import java.util.List;

/**
 * Outbound port: the consumed offsets stored with the data they produced, read on partition assignment so a
 * consumer resumes exactly after the last committed batch.
 */
public interface OffsetStore {

    /** The stored offsets of a consumer group on a topic, by partition. */
    List<ConsumedOffset> committed(String consumerGroup, String topic);

    /**
     * Stores offsets, each replacing the stored one of its partition. Atomic: if any offset does not continue from
     * the stored one ({@link ConsumedOffset#storedBefore()}), nothing is stored and {@link StaleOffsetException} is
     * thrown.
     */
    void save(List<ConsumedOffset> offsets);
}
