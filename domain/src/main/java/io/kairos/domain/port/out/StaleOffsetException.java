package io.kairos.domain.port.out;

/**
 * Thrown when a write would move a stored offset backwards: the writer is a consumer whose partition has since been
 * reassigned (a zombie), and nothing it wrote in that transaction is kept.
 */
public final class StaleOffsetException extends RuntimeException {

    private final ConsumedOffset rejected;

    /** The offset that was rejected, and the offset already stored for its partition. */
    public StaleOffsetException(ConsumedOffset rejected, long stored) {
        super("offset " + rejected.nextOffset() + " of " + rejected.topic() + "-" + rejected.partition() + " for group "
                + rejected.consumerGroup() + " is behind the stored offset " + stored
                + ": another consumer has processed this partition since; this batch is discarded");
        this.rejected = rejected;
    }

    /** The offset that was rejected. */
    public ConsumedOffset rejected() {
        return rejected;
    }
}
