package io.kairos.domain.port.out.inmemory;

import io.kairos.domain.decision.Timer;
import io.kairos.domain.port.out.TimerStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Pending timers in memory, indexed by user and by due time: the fake for tests and benchmarks. Not thread-safe. */
public final class InMemoryTimerStore implements TimerStore {

    private static final Comparator<Timer> BY_DUE =
            Comparator.comparing(Timer::dueAt).thenComparing(Timer::userId).thenComparing(Timer::key);

    private final Map<String, Map<String, Timer>> byUser = new HashMap<>();
    private final TreeSet<Timer> byDue = new TreeSet<>(BY_DUE);

    @Override
    public void schedule(Timer timer) {
        Map<String, Timer> timers = byUser.computeIfAbsent(timer.userId(), u -> new HashMap<>(4));
        Timer previous = timers.put(timer.key(), timer);
        if (previous != null) {
            byDue.remove(previous);
        }
        byDue.add(timer);
    }

    @Override
    public void cancel(String userId, String key) {
        Map<String, Timer> timers = byUser.get(userId);
        if (timers == null) {
            return;
        }
        Timer removed = timers.remove(key);
        if (removed != null) {
            byDue.remove(removed);
        }
        if (timers.isEmpty()) {
            byUser.remove(userId);
        }
    }

    @Override
    public List<Timer> pendingFor(String userId) {
        Map<String, Timer> timers = byUser.get(userId);
        if (timers == null) {
            return List.of();
        }
        if (timers.size() == 1) {
            return List.copyOf(timers.values());
        }
        List<Timer> pending = new ArrayList<>(timers.values());
        pending.sort(BY_DUE);
        return pending;
    }

    @Override
    public List<Timer> dueBefore(Instant limit) {
        List<Timer> due = new ArrayList<>();
        for (Timer timer : byDue) {
            if (!timer.dueAt().isBefore(limit)) {
                break;
            }
            due.add(timer);
        }
        return due;
    }

    /** Number of pending timers. */
    public int size() {
        return byDue.size();
    }
}
