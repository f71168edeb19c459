package io.kairos.testsupport;

/** A test server could not be had; the message says why and what to do. */
public final class TestServerUnavailableException extends RuntimeException {

    /** Creates the exception with a user-facing message and the technical cause. */
    public TestServerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
