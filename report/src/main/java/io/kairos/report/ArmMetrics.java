package io.kairos.report;

import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One arm's metrics as aggregated by the database; docs/statistics.md ("Report metrics") defines each of them.
 *
 * @param arm the arm's name
 * @param weight the arm's configured weight
 * @param assignedUsers users in the event archive whose assignment hash falls in the arm
 * @param activeUsers of those, users with at least one event that is not a message event
 * @param triggeredUsers assigned users with a delivered or ghost decision of the experiment (any mode)
 * @param convertedUsers triggered users whose first purchase after their first trigger came within the window
 * @param delivered decisions of the arm's own mode delivered
 * @param ghost decisions of the arm's own mode recorded as ghosts
 * @param suppressed decisions of the arm's own mode suppressed
 * @param suppressedByGuard suppressed decisions per guard name
 * @param clickedMessages delivered decisions with a {@code message_clicked} event for them within the window
 * @param staleMessages delivered decisions whose user purchased after the trigger and before the delivery
 * @param revenue sum of all purchase revenue of the arm's users
 * @param revenueVariance sample variance of revenue per assigned user (0 when undefined)
 * @param orders number of purchases of the arm's users
 * @param orderValueVariance sample variance of the revenue per order (0 when undefined)
 * @param repeatEligibleUsers users whose first purchase is at least 30 days before the end of observation
 * @param repeatUsers of those, users with another purchase within 30 days after their first
 * @param reactionDelayP50Seconds median trigger-to-delivery delay of delivered decisions, event time
 * @param reactionDelayP95Seconds 95th percentile of the same
 * @param latencyP50Millis median processing latency (recorded time minus the triggering record's ingest time, wall
 *     clock) of the own mode's decisions that have an ingest time
 * @param latencyP95Millis 95th percentile of the same
 * @param latencyP99Millis 99th percentile of the same
 * @param impressions the delivered messages displayed and the trigger-to-first-display delay
 */
public record ArmMetrics(
        String arm,
        int weight,
        long assignedUsers,
        long activeUsers,
        long triggeredUsers,
        long convertedUsers,
        long delivered,
        long ghost,
        long suppressed,
        Map<String, Long> suppressedByGuard,
        long clickedMessages,
        long staleMessages,
        double revenue,
        double revenueVariance,
        long orders,
        double orderValueVariance,
        long repeatEligibleUsers,
        long repeatUsers,
        OptionalDouble reactionDelayP50Seconds,
        OptionalDouble reactionDelayP95Seconds,
        OptionalDouble latencyP50Millis,
        OptionalDouble latencyP95Millis,
        OptionalDouble latencyP99Millis,
        Impressions impressions) {

    public ArmMetrics {
        suppressedByGuard = Map.copyOf(suppressedByGuard);
        Objects.requireNonNull(impressions, "impressions");
    }

    /** Decisions of the arm's own mode, whatever their status. */
    public long decisions() {
        return delivered + ghost + suppressed;
    }

    /** Delivered over all own decisions; empty without decisions. */
    public OptionalDouble deliveryRate() {
        return ratio(delivered, decisions());
    }

    /** Clicked over delivered messages; empty without deliveries. */
    public OptionalDouble clickThroughRate() {
        return ratio(clickedMessages, delivered);
    }

    /** Displayed over delivered messages; empty without deliveries. */
    public OptionalDouble displayRate() {
        return ratio(impressions.displayedMessages(), delivered);
    }

    /** Converted over triggered users; empty without triggered users. */
    public OptionalDouble conversionAmongTriggered() {
        return ratio(convertedUsers, triggeredUsers);
    }

    /** Converted over assigned users (intention to treat); empty without users. */
    public OptionalDouble conversionIntentionToTreat() {
        return ratio(convertedUsers, assignedUsers);
    }

    /** Revenue over assigned users; empty without users. */
    public OptionalDouble revenuePerVisitor() {
        return assignedUsers == 0 ? OptionalDouble.empty() : OptionalDouble.of(revenue / assignedUsers);
    }

    /** Revenue over orders; empty without orders. */
    public OptionalDouble averageOrderValue() {
        return orders == 0 ? OptionalDouble.empty() : OptionalDouble.of(revenue / orders);
    }

    /** Repeat purchasers over eligible purchasers; empty when nobody is eligible. */
    public OptionalDouble repeatPurchaseRate() {
        return ratio(repeatUsers, repeatEligibleUsers);
    }

    /** Stale over delivered messages; empty without deliveries. */
    public OptionalDouble stalenessRate() {
        return ratio(staleMessages, delivered);
    }

    private static OptionalDouble ratio(long numerator, long denominator) {
        return denominator == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) numerator / denominator);
    }
}
