package io.kairos.domain.delivery;

import java.util.Locale;
import java.util.Optional;

/** Where one message on one channel stands. Every status but {@link #PENDING} is final. */
public enum DeliveryStatus {
    /** Waiting for its send time, for a retry, or (in-app) for its user to connect. */
    PENDING,
    /** Handed to the channel: the webhook answered 2xx, or the in-app client received it. */
    SENT,
    /** Blocked at the moment of sending by quiet hours or a frequency cap; the reason says which. */
    SUPPRESSED,
    /** Its time to live ended before it could be sent (an in-app user who did not come back in time). */
    EXPIRED,
    /** Given up: attempts exhausted, refused by the receiver, or no channel configured; the reason says why. */
    DEAD;

    /** The lower-case name stored and shown. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status of a stored name. */
    public static Optional<DeliveryStatus> fromWireName(String name) {
        for (DeliveryStatus status : values()) {
            if (status.wireName().equals(name)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
