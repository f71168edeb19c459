package io.kairos.domain.port.out.inmemory;

import io.kairos.domain.decision.Timer;
import io.kairos.domain.port.out.DecisionOutbox;
import io.kairos.domain.port.out.DecisionStore;
import io.kairos.domain.port.out.EventArchive;
import io.kairos.domain.port.out.PollBatchWrites;
import io.kairos.domain.port.out.ProcessingTransaction;
import io.kairos.domain.port.out.TimerRef;
import io.kairos.domain.port.out.TimerStore;
import io.kairos.domain.port.out.UserStateStore;
import io.kairos.domain.state.UserState;
import java.util.Objects;

/**
 * The unit of work over in-memory stores: the fake for tests and benchmarks. Atomic because every check (offsets)
 * runs before the first write and the writes themselves cannot fail. Not thread-safe.
 */
public final class InMemoryProcessingTransaction implements ProcessingTransaction {

    private final EventArchive archive;
    private final UserStateStore states;
    private final TimerStore timers;
    private final DecisionStore decisions;
    private final DecisionOutbox outbox;
    private final InMemoryOffsetStore offsets;

    /** A unit of work writing into these stores. */
    public InMemoryProcessingTransaction(
            EventArchive archive,
            UserStateStore states,
            TimerStore timers,
            DecisionStore decisions,
            DecisionOutbox outbox,
            InMemoryOffsetStore offsets) {
        this.archive = Objects.requireNonNull(archive, "archive");
        this.states = Objects.requireNonNull(states, "states");
        this.timers = Objects.requireNonNull(timers, "timers");
        this.decisions = Objects.requireNonNull(decisions, "decisions");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.offsets = Objects.requireNonNull(offsets, "offsets");
    }

    @Override
    public void commit(PollBatchWrites writes) {
        offsets.rejectStale(writes.offsets());
        archive.append(writes.events());
        for (UserState state : writes.states()) {
            states.save(state);
        }
        for (TimerRef cancelled : writes.timersCancelled()) {
            timers.cancel(cancelled.userId(), cancelled.key());
        }
        for (Timer timer : writes.timersScheduled()) {
            timers.schedule(timer);
        }
        decisions.record(writes.decisions());
        outbox.enqueue(writes.outbox());
        offsets.save(writes.offsets());
    }
}
