package io.kairos.simulator;

import java.time.Instant;

/** Told after each virtual-time window how far a run has come; long runs show it to the user. */
@FunctionalInterface
public interface SimulationProgress {

    /** Reports nothing. */
    SimulationProgress NONE = (windowEnd, events, decisions) -> {};

    /**
     * The window ending at {@code windowEnd} is done: {@code events} events handed over and {@code decisions}
     * decisions received since the run began.
     */
    void windowDone(Instant windowEnd, long events, long decisions);
}
