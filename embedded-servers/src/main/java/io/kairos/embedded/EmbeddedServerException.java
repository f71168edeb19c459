package io.kairos.embedded;

/** An embedded server could not start; the message says why and what to do, in one sentence a user understands. */
public final class EmbeddedServerException extends RuntimeException {

    /** Creates the exception with a user-facing message. */
    public EmbeddedServerException(String message) {
        super(message);
    }

    /** Creates the exception with a user-facing message and the technical cause. */
    public EmbeddedServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
