package io.kairos.domain.port.out.inmemory;

import io.kairos.domain.decision.Timer;
import io.kairos.domain.port.out.PendingTimerSnapshots;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Pending-timer snapshots in sorted maps per experiment and user: the fake for tests. Thread-safe. */
public final class InMemoryPendingTimerSnapshots implements PendingTimerSnapshots {

    private record Key(String experimentKey, String userId) {}

    private final Map<Key, TreeMap<Instant, List<Timer>>> snapshots = new HashMap<>();

    @Override
    public synchronized void saveAll(String experimentKey, Instant cutoff, Map<String, List<Timer>> timersByUser) {
        timersByUser.forEach((user, timers) -> snapshots
                .computeIfAbsent(new Key(experimentKey, user), k -> new TreeMap<>())
                .put(cutoff, List.copyOf(timers)));
    }

    @Override
    public synchronized Map<String, List<Timer>> latest(
            String experimentKey, Collection<String> userIds, Instant notAfter) {
        Map<String, List<Timer>> found = new HashMap<>();
        for (String user : userIds) {
            TreeMap<Instant, List<Timer>> history = snapshots.get(new Key(experimentKey, user));
            if (history != null && history.floorEntry(notAfter) != null) {
                found.put(user, history.floorEntry(notAfter).getValue());
            }
        }
        return found;
    }

    @Override
    public synchronized List<String> usersWithTimersDue(String experimentKey, Instant cutoff) {
        List<String> users = new ArrayList<>();
        snapshots.forEach((key, history) -> {
            Map.Entry<Instant, List<Timer>> latest = history.floorEntry(cutoff);
            if (key.experimentKey().equals(experimentKey)
                    && latest != null
                    && latest.getKey().isBefore(cutoff)
                    && latest.getValue().stream().anyMatch(t -> t.dueAt().isBefore(cutoff))) {
                users.add(key.userId());
            }
        });
        users.sort(null);
        return users;
    }

    @Override
    public synchronized int pruneBefore(String experimentKey, Instant boundary) {
        int pruned = 0;
        for (Map.Entry<Key, TreeMap<Instant, List<Timer>>> user : snapshots.entrySet()) {
            Instant kept = user.getKey().experimentKey().equals(experimentKey)
                    ? user.getValue().floorKey(boundary)
                    : null;
            if (kept != null) {
                Map<Instant, List<Timer>> older = user.getValue().headMap(kept);
                pruned += older.size();
                older.clear();
            }
        }
        return pruned;
    }
}
