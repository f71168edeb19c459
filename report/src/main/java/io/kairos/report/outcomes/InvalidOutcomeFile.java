package io.kairos.report.outcomes;

/** Thrown when an outcome file, or an option checked against it, cannot be analysed; the message says why. */
public final class InvalidOutcomeFile extends RuntimeException {

    /** A problem on one line of the file; the message reads {@code line N: reason}. */
    public static InvalidOutcomeFile atLine(int line, String reason) {
        return new InvalidOutcomeFile("line " + line + ": " + reason);
    }

    /** A problem of the file as a whole or of an option checked against it. */
    public InvalidOutcomeFile(String reason) {
        super(reason);
    }
}
