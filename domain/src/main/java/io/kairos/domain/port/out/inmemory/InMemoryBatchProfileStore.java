package io.kairos.domain.port.out.inmemory;

import io.kairos.domain.port.out.BatchProfile;
import io.kairos.domain.port.out.BatchProfileStore;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Batch profiles in sorted maps per experiment and user: the fake for tests and benchmarks. Not thread-safe. */
public final class InMemoryBatchProfileStore implements BatchProfileStore {

    private record Key(String experimentKey, String userId) {}

    private final Map<Key, TreeMap<Instant, BatchProfile>> profiles = new HashMap<>();

    @Override
    public void saveAll(List<BatchProfile> batch) {
        for (BatchProfile profile : batch) {
            profiles.computeIfAbsent(new Key(profile.experimentKey(), profile.userId()), k -> new TreeMap<>())
                    .put(profile.cutoff(), profile);
        }
    }

    @Override
    public Map<String, BatchProfile> latest(String experimentKey, Collection<String> userIds, Instant notAfter) {
        Map<String, BatchProfile> found = new HashMap<>();
        for (String userId : userIds) {
            TreeMap<Instant, BatchProfile> history = profiles.get(new Key(experimentKey, userId));
            if (history != null) {
                Map.Entry<Instant, BatchProfile> entry = history.floorEntry(notAfter);
                if (entry != null) {
                    found.put(userId, entry.getValue());
                }
            }
        }
        return found;
    }

    @Override
    public int pruneBefore(String experimentKey, Instant boundary) {
        int pruned = 0;
        for (Map.Entry<Key, TreeMap<Instant, BatchProfile>> user : profiles.entrySet()) {
            Instant kept = user.getKey().experimentKey().equals(experimentKey)
                    ? user.getValue().floorKey(boundary)
                    : null;
            if (kept != null) {
                Map<Instant, BatchProfile> older = user.getValue().headMap(kept);
                pruned += older.size();
                older.clear();
            }
        }
        return pruned;
    }
}
