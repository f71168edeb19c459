package io.kairos.domain.port.out.inmemory;

import io.kairos.domain.port.out.ConsumedOffset;
import io.kairos.domain.port.out.OffsetStore;
import io.kairos.domain.port.out.StaleOffsetException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Consumed offsets in a hash map: the fake for tests and benchmarks. Not thread-safe. */
public final class InMemoryOffsetStore implements OffsetStore {

    private record Key(String consumerGroup, String topic, int partition) {}

    private final Map<Key, ConsumedOffset> offsets = new HashMap<>();

    @Override
    public List<ConsumedOffset> committed(String consumerGroup, String topic) {
        List<ConsumedOffset> found = new ArrayList<>();
        for (ConsumedOffset offset : offsets.values()) {
            if (offset.consumerGroup().equals(consumerGroup) && offset.topic().equals(topic)) {
                found.add(offset);
            }
        }
        found.sort(Comparator.comparingInt(ConsumedOffset::partition));
        return found;
    }

    @Override
    public void save(List<ConsumedOffset> batch) {
        rejectStale(batch);
        for (ConsumedOffset offset : batch) {
            offsets.put(keyOf(offset), offset.position());
        }
    }

    /**
     * Throws {@link StaleOffsetException} if any of these offsets does not continue from the stored one; stores
     * nothing.
     */
    void rejectStale(List<ConsumedOffset> batch) {
        for (ConsumedOffset offset : batch) {
            ConsumedOffset stored = offsets.get(keyOf(offset));
            long storedOffset = stored == null ? ConsumedOffset.NONE_STORED : stored.nextOffset();
            if (storedOffset != offset.storedBefore()) {
                throw new StaleOffsetException(offset, storedOffset);
            }
        }
    }

    private static Key keyOf(ConsumedOffset offset) {
        return new Key(offset.consumerGroup(), offset.topic(), offset.partition());
    }
}
