package io.kairos.persistence.archfixture;

import io.kairos.simulator.Simulator;

/** Test fixture: a persistence class that runs the simulator, so the persistence rule is shown to catch it. */
public class PersistenceClassThatRunsTheSimulator {

    private Simulator simulator;
}
