package io.kairos.report;

import java.util.OptionalDouble;

/**
 * An arm's first impressions: of its own delivered messages, those the user's client reported displaying (a {@code
 * message_opened} event naming the decision, from the trigger until the attribution window after delivery closes),
 * and the delay from the trigger event to the first such display, in event time (docs/statistics.md, "Report
 * metrics"). For an in-app message this is the "event → first impression" latency a visitor lives through.
 *
 * @param displayedMessages delivered decisions with a display reported for them
 * @param p50Seconds median trigger-to-first-display delay of those
 * @param p95Seconds 95th percentile of the same
 * @param p99Seconds 99th percentile of the same
 */
public record Impressions(
        long displayedMessages, OptionalDouble p50Seconds, OptionalDouble p95Seconds, OptionalDouble p99Seconds) {

    /** No message displayed. */
    public static final Impressions NONE =
            new Impressions(0, OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty());
}
