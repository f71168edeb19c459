package io.kairos.domain.port.out;

import io.kairos.domain.decision.Decision;
import io.kairos.domain.decision.Timer;
import io.kairos.domain.event.UserEvent;
import io.kairos.domain.state.UserState;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Everything one poll batch produced, committed together by {@link ProcessingTransaction}.
 *
 * <p>Timer changes are the batch's net effect: a timer is either scheduled (the latest version, replacing any stored
 * one with its key) or cancelled, never both. When a user's state or a timer appears more than once, the last one
 * wins.
 *
 * @param events events to archive (idempotent by id and event time)
 * @param states user states to store, replacing the stored ones
 * @param timersScheduled timers to store, replacing stored ones with the same user and key
 * @param timersCancelled timers to remove
 * @param decisions decisions to record (idempotent by id and mode)
 * @param outbox messages to queue for publication (idempotent by decision id)
 * @param offsets the consumed offsets this batch advances to; a stale one rejects the whole batch
 * @param ingestTimes per decision id, the wall-clock time at which the record the decision came from entered the
 *     system (for processing latency); decisions without an entry are stored without one
 */
public record PollBatchWrites(
        List<UserEvent> events,
        List<UserState> states,
        List<Timer> timersScheduled,
        List<TimerRef> timersCancelled,
        List<Decision> decisions,
        List<OutboxMessage> outbox,
        List<ConsumedOffset> offsets,
        Map<UUID, Instant> ingestTimes) {

    public PollBatchWrites {
        events = List.copyOf(events);
        states = List.copyOf(states);
        timersScheduled = List.copyOf(timersScheduled);
        timersCancelled = List.copyOf(timersCancelled);
        decisions = List.copyOf(decisions);
        outbox = List.copyOf(outbox);
        offsets = List.copyOf(offsets);
        ingestTimes = Map.copyOf(ingestTimes);
        Set<TimerRef> cancelled = new HashSet<>(timersCancelled);
        for (Timer timer : timersScheduled) {
            if (cancelled.contains(new TimerRef(timer.userId(), timer.key()))) {
                throw new IllegalArgumentException("timer " + timer.key() + " of user " + timer.userId()
                        + " is both scheduled and cancelled: pass the batch's net effect");
            }
        }
    }

    /** A batch that writes nothing. */
    public static PollBatchWrites none() {
        return new PollBatchWrites(
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), Map.of());
    }

    /** This batch with these events to archive instead. */
    public PollBatchWrites withEvents(List<UserEvent> next) {
        return new PollBatchWrites(
                next, states, timersScheduled, timersCancelled, decisions, outbox, offsets, ingestTimes);
    }

    /** This batch with these states instead. */
    public PollBatchWrites withStates(List<UserState> next) {
        return new PollBatchWrites(
                events, next, timersScheduled, timersCancelled, decisions, outbox, offsets, ingestTimes);
    }

    /** This batch with these timer changes instead. */
    public PollBatchWrites withTimers(List<Timer> scheduled, List<TimerRef> cancelled) {
        return new PollBatchWrites(events, states, scheduled, cancelled, decisions, outbox, offsets, ingestTimes);
    }

    /** This batch with these decisions instead. */
    public PollBatchWrites withDecisions(List<Decision> next) {
        return new PollBatchWrites(
                events, states, timersScheduled, timersCancelled, next, outbox, offsets, ingestTimes);
    }

    /** This batch with these outbox messages instead. */
    public PollBatchWrites withOutbox(List<OutboxMessage> next) {
        return new PollBatchWrites(
                events, states, timersScheduled, timersCancelled, decisions, next, offsets, ingestTimes);
    }

    /** This batch with these decision ingest times instead. */
    public PollBatchWrites withIngestTimes(Map<UUID, Instant> next) {
        return new PollBatchWrites(events, states, timersScheduled, timersCancelled, decisions, outbox, offsets, next);
    }

    /** This batch with these offsets instead. */
    public PollBatchWrites withOffsets(List<ConsumedOffset> next) {
        return new PollBatchWrites(
                events, states, timersScheduled, timersCancelled, decisions, outbox, next, ingestTimes);
    }
}
