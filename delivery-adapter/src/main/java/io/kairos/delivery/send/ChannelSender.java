package io.kairos.delivery.send;

import io.kairos.domain.delivery.Delivery;

/** Sends one delivery on its channel, once; the dispatcher decides about retries. Must be thread-safe. */
public interface ChannelSender {

    /** Sends it and says how it went; never throws for a failed send. */
    SendOutcome send(Delivery delivery);

    /** Where it sends, for logs and metrics (a host, never a secret). */
    String endpoint();

    /** How many sends to this endpoint may be in flight at once. */
    int concurrency();
}
