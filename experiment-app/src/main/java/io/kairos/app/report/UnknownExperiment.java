package io.kairos.app.report;

/** Thrown when a report is asked for an experiment the database does not know. */
public final class UnknownExperiment extends RuntimeException {

    /** The experiment key that was not found. */
    public UnknownExperiment(String experimentKey) {
        super("no experiment '" + experimentKey + "' (or it has no arms)");
    }
}
