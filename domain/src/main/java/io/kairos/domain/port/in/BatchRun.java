package io.kairos.domain.port.in;

import java.time.Instant;
import java.util.Objects;

/**
 * One nightly run: events and timers strictly before {@code cutoff} are evaluated; messages go out at {@code
 * sendAt}.
 */
public record BatchRun(Instant cutoff, Instant sendAt) {

    public BatchRun {
        Objects.requireNonNull(cutoff, "cutoff");
        Objects.requireNonNull(sendAt, "sendAt");
        if (sendAt.isBefore(cutoff)) {
            throw new IllegalArgumentException("the send time cannot precede the cut-off");
        }
    }
}
