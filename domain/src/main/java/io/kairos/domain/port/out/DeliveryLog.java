package io.kairos.domain.port.out;

import io.kairos.domain.delivery.Delivery;
import io.kairos.domain.delivery.DeliveryStatus;
import io.kairos.domain.event.Channel;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Outbound port: the delivery log, one row per (decision, channel), the record that makes each channel's effect
 * exactly-once. Senders claim due rows under a lease, so that several senders share the work and a sender that dies
 * mid-send leaves its rows to be claimed again when the lease ends (at-least-once on the wire, the decision id as the
 * receivers' idempotency key).
 */
public interface DeliveryLog {

    /** Records new deliveries; one already recorded for the same decision and channel is left as it is. */
    int record(Collection<Delivery> deliveries);

    /**
     * Claims up to {@code limit} pending deliveries on {@code channels} whose next attempt is due at {@code now},
     * earliest first: each gets one more attempt and is not due again before {@code now + lease}. Rows another sender
     * holds are skipped.
     */
    List<Delivery> claimDue(Collection<Channel> channels, Instant now, int limit, Duration lease);

    /** As {@link #claimDue}, for these users' deliveries on one channel (the in-app clients connected here). */
    List<Delivery> claimDueFor(Channel channel, Collection<String> userIds, Instant now, int limit, Duration lease);

    /** Ends as expired every pending delivery on {@code channel} whose time to live is over at {@code now}. */
    int expire(Channel channel, Instant now);

    /** Marks it sent at {@code sentAt}; false if it was no longer pending (another sender finished it). */
    boolean markSent(UUID decisionId, Channel channel, Instant sentAt);

    /** Leaves it pending, due again at {@code nextAttemptAt}, with the error of the attempt that failed. */
    void retryAt(UUID decisionId, Channel channel, Instant nextAttemptAt, String error);

    /** Ends it as suppressed, expired or dead, with the reason. */
    void finish(UUID decisionId, Channel channel, DeliveryStatus status, String reason);

    /** How many messages the user was sent on the channel with a send time in [from, to). */
    int sentBetween(String userId, Channel channel, Instant from, Instant to);

    /** The delivery of a decision on a channel, if recorded. */
    Optional<Delivery> find(UUID decisionId, Channel channel);

    /** Deliveries per status (every status present, zero included). */
    Map<DeliveryStatus, Long> countByStatus();

    /** When the oldest pending delivery became due, if any is pending and due by {@code now}. */
    Optional<Instant> oldestDue(Instant now);
}
