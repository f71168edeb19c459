package io.kairos.domain.experiment;

import java.util.Objects;

/**
 * An experiment's definition and decision window as a running process knows them now: a draft may still be redefined,
 * and a start or a stop moves the window, while the process runs.
 */
public record ExperimentInForce(Experiment experiment, DecisionWindow window) {

    public ExperimentInForce {
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(window, "window");
    }

    /** An experiment not managed by the registry: it decides at every instant. */
    public static ExperimentInForce always(Experiment experiment) {
        return new ExperimentInForce(experiment, DecisionWindow.ALWAYS);
    }

    /** What the registry holds for an experiment. */
    public static ExperimentInForce of(RegisteredExperiment registered) {
        return new ExperimentInForce(registered.experiment(), registered.window());
    }
}
