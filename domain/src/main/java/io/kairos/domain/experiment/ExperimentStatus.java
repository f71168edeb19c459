package io.kairos.domain.experiment;

import java.util.Locale;

/** Where an experiment is in its life: defined but not started, running, or stopped for good. */
public enum ExperimentStatus {
    /** Created; its arms, weights and plan may still change. */
    DRAFT,
    /** Started: users are assigned and the arms and weights are frozen. */
    RUNNING,
    /** Stopped: nothing more is decided for it; its report stays. */
    STOPPED;

    /** The status as stored and shown: {@code draft}, {@code running}, {@code stopped}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status named {@code label}. */
    public static ExperimentStatus of(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
