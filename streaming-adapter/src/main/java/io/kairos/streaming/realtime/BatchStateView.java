package io.kairos.streaming.realtime;

import io.kairos.domain.decision.Timer;
import io.kairos.domain.port.out.PollBatchReads;
import io.kairos.domain.port.out.PollBatchWrites;
import io.kairos.domain.port.out.TimerRef;
import io.kairos.domain.port.out.TimerStore;
import io.kairos.domain.port.out.UserStateStore;
import io.kairos.domain.state.UserState;
import io.kairos.streaming.wire.EventDecoder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The engine's stores during one poll batch: reads come from what the batch wrote, else from what was loaded for all
 * of the batch's users at its start ({@link PollBatchReads}, two queries), else from the stores on demand (users whose
 * timers fire without an event in the batch); writes stay in memory until {@link #writes} hands their net effect
 * to the batch's transaction. Timers due before a limit are read once per batch and filtered to the partition whose
 * watermark is moving, so only owned partitions fire their timers. One per consumer thread.
 */
final class BatchStateView implements UserStateStore, TimerStore {

    private static final Comparator<Timer> BY_DUE =
            Comparator.comparing(Timer::dueAt).thenComparing(Timer::userId).thenComparing(Timer::key);
    private static final NavigableSet<Timer> EMPTY = Collections.emptyNavigableSet();
    private static final Comparator<Timer> BY_DUE_THEN_KEY =
            Comparator.comparing(Timer::dueAt).thenComparing(Timer::key);

    private final UserStateStore storedStates;
    private final TimerStore storedTimers;
    private final PollBatchReads batchReads;
    private final Map<String, Optional<UserState>> loaded = new HashMap<>();
    private final Map<String, UserState> written = new LinkedHashMap<>();
    private final Map<String, List<Timer>> loadedTimers = new HashMap<>();
    private final Map<TimerRef, Timer> scheduled = new LinkedHashMap<>();
    /** The scheduled timers again, by user (for {@link #pendingFor}) and by partition in due order. */
    private final Map<String, List<Timer>> scheduledByUser = new HashMap<>();

    private final Map<Integer, NavigableSet<Timer>> scheduledByPartition = new HashMap<>();
    private final Map<String, Integer> partitionOfUser = new HashMap<>();
    private final Set<TimerRef> cancelled = new LinkedHashSet<>();
    private List<Timer> storedDue = List.of();
    private Instant storedDueLimit = Instant.MIN;
    private int partitionCount = 1;
    private int partitionInScope = -1;

    BatchStateView(UserStateStore storedStates, TimerStore storedTimers, PollBatchReads batchReads) {
        this.storedStates = Objects.requireNonNull(storedStates, "storedStates");
        this.storedTimers = Objects.requireNonNull(storedTimers, "storedTimers");
        this.batchReads = Objects.requireNonNull(batchReads, "batchReads");
    }

    /**
     * Starts a batch: forgets the previous one, loads these users' states and timers, and the timers due before
     * {@code dueLimit} (null when no watermark can move).
     */
    void begin(Collection<String> userIds, Instant dueLimit, int partitions) {
        clear();
        partitionCount = partitions;
        if (!userIds.isEmpty()) {
            Map<String, UserState> states = batchReads.states(userIds);
            Map<String, List<Timer>> timers = batchReads.pendingTimers(userIds);
            for (String userId : userIds) {
                loaded.put(userId, Optional.ofNullable(states.get(userId)));
                loadedTimers.put(userId, timers.getOrDefault(userId, List.of()));
            }
        }
        if (dueLimit != null) {
            storedDue = storedTimers.dueBefore(dueLimit);
            storedDueLimit = dueLimit;
        }
    }

    /** Timers due before a limit are those of users on this partition only. */
    void scope(int partition) {
        partitionInScope = partition;
    }

    /** The batch's net writes: states, then timers scheduled and cancelled. */
    PollBatchWrites writes() {
        return PollBatchWrites.none()
                .withStates(new ArrayList<>(written.values()))
                .withTimers(new ArrayList<>(scheduled.values()), new ArrayList<>(cancelled));
    }

    /** Forgets everything: the next reads go to PostgreSQL. */
    void clear() {
        loaded.clear();
        written.clear();
        loadedTimers.clear();
        scheduled.clear();
        scheduledByUser.clear();
        scheduledByPartition.clear();
        partitionOfUser.clear();
        cancelled.clear();
        storedDue = List.of();
        storedDueLimit = Instant.MIN;
        partitionInScope = -1;
    }

    @Override
    public Optional<UserState> load(String userId) {
        UserState state = written.get(userId);
        if (state != null) {
            return Optional.of(state);
        }
        return loaded.computeIfAbsent(userId, storedStates::load);
    }

    @Override
    public void save(UserState state) {
        written.put(state.userId(), state);
    }

    @Override
    public void schedule(Timer timer) {
        TimerRef ref = new TimerRef(timer.userId(), timer.key());
        cancelled.remove(ref);
        unindex(scheduled.put(ref, timer));
        scheduledByUser.computeIfAbsent(timer.userId(), u -> new ArrayList<>()).add(timer);
        scheduledByPartition
                .computeIfAbsent(partitionOf(timer.userId()), p -> new TreeSet<>(BY_DUE))
                .add(timer);
    }

    @Override
    public void cancel(String userId, String key) {
        TimerRef ref = new TimerRef(userId, key);
        unindex(scheduled.remove(ref));
        cancelled.add(ref);
    }

    private void unindex(Timer replaced) {
        if (replaced != null) {
            scheduledByUser.get(replaced.userId()).remove(replaced);
            scheduledByPartition.get(partitionOf(replaced.userId())).remove(replaced);
        }
    }

    @Override
    public List<Timer> pendingFor(String userId) {
        List<Timer> pending = new ArrayList<>();
        for (Timer timer : loadedTimers.computeIfAbsent(userId, storedTimers::pendingFor)) {
            if (!overridden(timer)) {
                pending.add(timer);
            }
        }
        pending.addAll(scheduledByUser.getOrDefault(userId, List.of()));
        pending.sort(BY_DUE_THEN_KEY);
        return pending;
    }

    @Override
    public List<Timer> dueBefore(Instant limit) {
        if (limit.isAfter(storedDueLimit)) {
            storedDue = storedTimers.dueBefore(limit);
            storedDueLimit = limit;
        }
        // Both sources are in due order, so each scan stops at the first timer not due: a watermark moves at almost
        // every event, and a scan of every timer each time would grow with the square of the batch.
        List<Timer> due = new ArrayList<>();
        for (Timer timer : storedDue) {
            if (!timer.dueAt().isBefore(limit)) {
                break;
            }
            if (!overridden(timer) && inScope(timer)) {
                due.add(timer);
            }
        }
        Collection<NavigableSet<Timer>> candidates = partitionInScope < 0
                ? scheduledByPartition.values()
                : List.of(scheduledByPartition.getOrDefault(partitionInScope, EMPTY));
        for (NavigableSet<Timer> timers : candidates) {
            for (Timer timer : timers) {
                if (!timer.dueAt().isBefore(limit)) {
                    break;
                }
                due.add(timer);
            }
        }
        due.sort(BY_DUE);
        return due;
    }

    private boolean overridden(Timer stored) {
        TimerRef ref = new TimerRef(stored.userId(), stored.key());
        return cancelled.contains(ref) || scheduled.containsKey(ref);
    }

    private boolean inScope(Timer timer) {
        return partitionInScope < 0 || partitionOf(timer.userId()) == partitionInScope;
    }

    private int partitionOf(String userId) {
        return partitionOfUser.computeIfAbsent(userId, user -> EventDecoder.partitionOf(user, partitionCount));
    }
}
