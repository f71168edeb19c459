package io.kairos.domain.state;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How much history the fold keeps: derived from the campaigns' longest windows so state stays small.
 *
 * @param purchaseHorizon purchases older than this (relative to the newest event) are dropped
 * @param messageHorizon ledger entries older than this are dropped
 * @param eventHorizons the event types kept as recent events (those some window count reads), each with the
 *     longest window read over it; older events of the type are dropped when a newer one arrives
 * @param maxRecentEvents at most this many recent events are kept, the newest ones
 */
public record Retention(
        Duration purchaseHorizon, Duration messageHorizon, Map<String, Duration> eventHorizons, int maxRecentEvents) {

    /** Thirty-five days of purchases and messages, no recent events. */
    public static final Retention MINIMAL = new Retention(Duration.ofDays(35), Duration.ofDays(35), Map.of(), 0);

    public Retention {
        Objects.requireNonNull(purchaseHorizon, "purchaseHorizon");
        Objects.requireNonNull(messageHorizon, "messageHorizon");
        eventHorizons = Map.copyOf(eventHorizons);
        if (maxRecentEvents < 0) {
            throw new IllegalArgumentException("maxRecentEvents must not be negative");
        }
    }
}
