package io.kairos.domain.delivery;

import io.kairos.domain.event.Channel;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One decided message on one channel, as the delivery log keeps it. The pair (decision id, channel) is unique: a
 * decision is sent at most once per channel, whatever restarts or re-reads of the decisions topic happen.
 *
 * @param decisionId the decision, also the idempotency key the receivers see
 * @param channel the channel it goes out on
 * @param userId the person it is for
 * @param campaignId the campaign that decided it
 * @param experimentKey the experiment the user is in
 * @param arm the user's arm
 * @param message the decisions-topic message, as published (the channel's payload)
 * @param deliverAt the earliest time it may be sent: the decision time in real time, the send time in batch
 * @param expiresAt when it stops being worth sending, or null for never
 * @param status where it stands
 * @param attempts how many times sending was started
 * @param nextAttemptAt when the next attempt may start (pending only)
 * @param reason why it is suppressed, expired or dead, or the last failed attempt's error; null otherwise
 * @param sentAt when the channel took it (sent only)
 */
public record Delivery(
        UUID decisionId,
        Channel channel,
        String userId,
        String campaignId,
        String experimentKey,
        String arm,
        String message,
        Instant deliverAt,
        Instant expiresAt,
        DeliveryStatus status,
        int attempts,
        Instant nextAttemptAt,
        String reason,
        Instant sentAt) {

    public Delivery {
        Objects.requireNonNull(decisionId, "decisionId");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(campaignId, "campaignId");
        Objects.requireNonNull(experimentKey, "experimentKey");
        Objects.requireNonNull(arm, "arm");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(deliverAt, "deliverAt");
        Objects.requireNonNull(status, "status");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must not be negative");
        }
    }

    /** A new delivery, pending until {@code deliverAt}. */
    public static Delivery pending(
            UUID decisionId,
            Channel channel,
            String userId,
            String campaignId,
            String experimentKey,
            String arm,
            String message,
            Instant deliverAt,
            Instant expiresAt) {
        return new Delivery(
                decisionId,
                channel,
                userId,
                campaignId,
                experimentKey,
                arm,
                message,
                deliverAt,
                expiresAt,
                DeliveryStatus.PENDING,
                0,
                deliverAt,
                null,
                null);
    }

    /** Whether it has expired by {@code now}. */
    public boolean expiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
