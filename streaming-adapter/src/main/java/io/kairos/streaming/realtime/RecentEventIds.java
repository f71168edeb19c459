package io.kairos.streaming.realtime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** The ids of the most recent events of one partition, oldest evicted first: the duplicate detector's memory. */
final class RecentEventIds {

    private final Map<UUID, Boolean> ids;

    RecentEventIds(int capacity) {
        this.ids = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    boolean contains(UUID id) {
        return ids.containsKey(id);
    }

    void add(UUID id) {
        ids.put(id, Boolean.TRUE);
    }
}
