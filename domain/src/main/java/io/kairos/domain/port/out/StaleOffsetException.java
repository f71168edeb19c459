package io.kairos.domain.port.out;

/**
 * Thrown when a write of offsets finds another offset stored than the one it continues from (see {@link
 * ConsumedOffset#storedBefore()}): the writer is a consumer whose partition has since been processed by another (a
 * zombie), and nothing it wrote in that transaction is kept.
 */
public final class StaleOffsetException extends RuntimeException {

    private final ConsumedOffset rejected;

    /** The offset that was rejected, and the offset already stored for its partition ({@code -1} if none). */
    public StaleOffsetException(ConsumedOffset rejected, long stored) {
        super("offset " + rejected.nextOffset() + " of " + rejected.topic() + "-" + rejected.partition() + " for group "
                + rejected.consumerGroup() + " continues from "
                + (rejected.storedBefore() == ConsumedOffset.NONE_STORED ? "nothing stored" : rejected.storedBefore())
                + ", but the stored offset is " + (stored < 0 ? "none" : stored)
                + ": another consumer has processed this partition since; this batch is discarded");
        this.rejected = rejected;
    }

    /** The offset that was rejected. */
    public ConsumedOffset rejected() {
        return rejected;
    }
}
