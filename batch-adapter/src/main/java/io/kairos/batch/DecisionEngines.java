package io.kairos.batch;

import io.kairos.domain.port.in.DecisionEngine;
import io.kairos.domain.port.out.TimerStore;
import io.kairos.domain.port.out.UserStateStore;

/**
 * Builds the rule engines of one experiment's run: the wiring decides which campaigns and settings apply, the job
 * decides where state and timers live.
 */
@FunctionalInterface
public interface DecisionEngines {

    /**
     * The engines of one run (one partition) of {@code experimentKey}: what a run reads once, such as the published
     * campaign versions, is read here rather than for every chunk.
     */
    RunEngines forRun(String experimentKey);

    /** Builds the engine of one chunk over the chunk's state and timer stores. */
    @FunctionalInterface
    interface RunEngines {

        /** An engine reading and writing through these stores. */
        DecisionEngine engineFor(UserStateStore states, TimerStore timers);
    }
}
