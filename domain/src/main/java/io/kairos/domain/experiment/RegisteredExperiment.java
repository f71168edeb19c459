package io.kairos.domain.experiment;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An experiment as the registry holds it: its definition, description, analysis plan and lifecycle.
 *
 * @param experiment the key, salt and arms
 * @param description what it tests, for people
 * @param plan the pre-registered analysis; empty for an experiment defined by a running stream without one
 * @param status where it is in its life
 * @param createdAt when it was created
 * @param startedAt when it started; null before
 * @param plannedEnd the start plus the plan's horizon; null before the start or without a plan
 * @param stoppedAt when it stopped; null before
 */
public record RegisteredExperiment(
        Experiment experiment,
        String description,
        Optional<AnalysisPlan> plan,
        ExperimentStatus status,
        Instant createdAt,
        Instant startedAt,
        Instant plannedEnd,
        Instant stoppedAt) {

    public RegisteredExperiment {
        Objects.requireNonNull(experiment, "experiment");
        description = description == null ? "" : description;
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(status, "status");
    }

    /** When it decides, in event time: nothing as a draft, from its start while running, until its stop after. */
    public DecisionWindow window() {
        return DecisionWindow.of(status, startedAt, stoppedAt);
    }

    /** The experiment's key. */
    public String key() {
        return experiment.key();
    }
}
