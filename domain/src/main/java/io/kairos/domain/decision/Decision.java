package io.kairos.domain.decision;

import io.kairos.domain.event.Channel;
import io.kairos.domain.experiment.Mode;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What the rules decided for one user, campaign and trigger, in one mode. The pair (id, mode) is unique: both modes
 * compute a decision for the same trigger under the same id, and at most one of them (the user's arm's) delivers.
 *
 * @param id deterministic id, see {@link DecisionId}
 * @param arm the user's arm name
 * @param mode the mode that computed the decision
 * @param triggerEventId the event that triggered it (the start event of an absence timer)
 * @param triggerAt the intent moment: the trigger event's time
 * @param decidedAt event time of the decision: the trigger event's time, or an absence timer's due time
 * @param plannedDeliveryAt when the message goes (or, for a ghost, would go) out: decided-at in real time, the send
 *     time in batch, moved to the end of quiet hours when held; null when suppressed
 * @param deliveredAt the planned delivery time for delivered decisions; null for ghosts and suppressed ones
 * @param heldUntil the end of the quiet hours that held the message, or null if not held
 * @param payload the rendered message body
 * @param offer the offer code, or null
 * @param suppression why it was not delivered, or null
 * @param ghost true when the user's arm does not act on this mode
 * @param campaignVersion the campaign version in force at the decision's event time ({@code decidedAt}) that the
 *     decision was made under; 0 for the configured, never published campaigns
 */
public record Decision(
        UUID id,
        String experimentKey,
        String campaignId,
        String userId,
        String arm,
        Mode mode,
        UUID triggerEventId,
        Instant triggerAt,
        Instant decidedAt,
        Instant plannedDeliveryAt,
        Instant deliveredAt,
        Instant heldUntil,
        Channel channel,
        String payload,
        String offer,
        Suppression suppression,
        boolean ghost,
        int campaignVersion) {

    public Decision {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(experimentKey, "experimentKey");
        Objects.requireNonNull(campaignId, "campaignId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(arm, "arm");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(triggerEventId, "triggerEventId");
        Objects.requireNonNull(triggerAt, "triggerAt");
        Objects.requireNonNull(decidedAt, "decidedAt");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(payload, "payload");
        if (campaignVersion < 0) {
            throw new IllegalArgumentException("campaignVersion must not be negative, was " + campaignVersion);
        }
        if (deliveredAt != null && (ghost || suppression != null)) {
            throw new IllegalArgumentException("ghost and suppressed decisions are never delivered");
        }
    }

    /** Delivered, ghost, or suppressed (a suppressed ghost counts as suppressed). */
    public DecisionStatus status() {
        if (suppression != null) {
            return DecisionStatus.SUPPRESSED;
        }
        return ghost ? DecisionStatus.GHOST : DecisionStatus.DELIVERED;
    }
}
