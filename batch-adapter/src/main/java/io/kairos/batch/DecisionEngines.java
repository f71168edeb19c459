package io.kairos.batch;

import io.kairos.domain.port.in.DecisionEngine;
import io.kairos.domain.port.out.TimerStore;
import io.kairos.domain.port.out.UserStateStore;

/**
 * Builds the rule engine of one experiment over the state and timer stores of one chunk: the wiring decides which
 * campaigns and settings apply, the job decides where state and timers live.
 */
@FunctionalInterface
public interface DecisionEngines {

    /** An engine for {@code experimentKey} reading and writing through these stores. */
    DecisionEngine engineFor(String experimentKey, UserStateStore states, TimerStore timers);
}
