package io.kairos.domain.segment;

/** Thrown when condition text does not parse or does not type-check; the message is the reason for a marketer. */
public final class InvalidCondition extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A rejection with a reason. */
    public InvalidCondition(String reason) {
        super(reason);
    }
}
