package io.kairos.report;

/** Thrown when a command is asked for an experiment the database does not define. */
public final class UnknownExperiment extends RuntimeException {

    /** The experiment key that was not found. */
    public UnknownExperiment(String experimentKey) {
        super("experiment '" + experimentKey + "' is not defined (or has no arms): a simulate or demo run, or the"
                + " stream command, defines its experiment");
    }
}
