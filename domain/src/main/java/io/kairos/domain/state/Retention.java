package io.kairos.domain.state;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How much history the fold keeps: derived from the campaigns' longest windows so state stays small.
 *
 * @param purchaseHorizon purchases older than this (relative to the newest event) are dropped
 * @param messageHorizon ledger entries older than this are dropped
 * @param eventHorizon recent events older than this are dropped
 * @param retainedEventTypes the event types kept as recent events (those some window count reads)
 * @param maxRecentEvents at most this many recent events are kept, the newest ones
 */
public record Retention(
        Duration purchaseHorizon,
        Duration messageHorizon,
        Duration eventHorizon,
        Set<String> retainedEventTypes,
        int maxRecentEvents) {

    /** Thirty-five days of purchases and messages, no recent events. */
    public static final Retention MINIMAL =
            new Retention(Duration.ofDays(35), Duration.ofDays(35), Duration.ZERO, Set.of(), 0);

    public Retention {
        Objects.requireNonNull(purchaseHorizon, "purchaseHorizon");
        Objects.requireNonNull(messageHorizon, "messageHorizon");
        Objects.requireNonNull(eventHorizon, "eventHorizon");
        retainedEventTypes = Set.copyOf(retainedEventTypes);
        if (maxRecentEvents < 0) {
            throw new IllegalArgumentException("maxRecentEvents must not be negative");
        }
    }
}
