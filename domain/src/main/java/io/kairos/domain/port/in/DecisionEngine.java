package io.kairos.domain.port.in;

import io.kairos.domain.event.UserEvent;
import java.time.Instant;
import java.util.List;

/**
 * Inbound port: the rule engine both adapters drive, with the same rules, state fold and timers.
 *
 * <p>Streaming calls {@link #onEvent} for each event of a partition in order and {@link #onWatermark} whenever the
 * partition's event-time watermark moves. Batch calls {@link #onUserPeriod} once per user with that user's events
 * of the period, then {@link #onCutoff} once to fire the remaining timers of users without events.
 *
 * <p>Guarantees: the engine reads no clock and no randomness; the same state, timers and calls give the same
 * decisions with the same ids. Persisting state, timers and decisions atomically is the adapter's job (the engine
 * writes state and timers through the outbound ports and returns decisions).
 */
public interface DecisionEngine {

    /**
     * Real time: applies one event. This user's timers due strictly before the event's time fire first; an event at
     * or before the due time of a timer that already fired for the user is folded into state but triggers, cancels
     * and starts nothing (counted late).
     */
    EngineResult onEvent(UserEvent event);

    /**
     * Real time: the watermark reached {@code watermark}; every timer with {@code dueAt + grace < watermark} fires,
     * in order of due time.
     */
    EngineResult onWatermark(Instant watermark);

    /**
     * Batch: applies one user's events of the period (all before the cut-off, in event-time order; the order given
     * breaks ties), fires the user's timers due before the cut-off, then judges every candidate as of the cut-off
     * with delivery at the run's send time.
     */
    EngineResult onUserPeriod(String userId, List<UserEvent> events, BatchRun run);

    /** Batch: fires every remaining timer due before the cut-off (users without events in the period). */
    EngineResult onCutoff(BatchRun run);
}
