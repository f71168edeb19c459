package io.kairos.simulator.archfixture;

import io.kairos.persistence.DatabaseSchema;

/** Test fixture: a simulator class that reaches past its driver into persistence, so the simulator rule is shown to catch it. */
public class SimulatorClassThatMigratesTheDatabase {

    private DatabaseSchema schema;
}
