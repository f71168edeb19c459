package io.kairos.streaming.realtime;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the real-time consumer.
 *
 * @param decisionsTopic where delivered decisions are published (the outbox rows name it)
 * @param grace how long, in event time, a timer waits past its due time for late events; must equal the engine's
 * @param heartbeatInterval live mode: how often idle partitions' watermarks follow the wall clock; zero disables the
 *     heartbeat (replays and simulations, where only event times and watermark records move time)
 * @param heartbeatLag live mode: the heartbeat moves a watermark to {@code now - heartbeatLag}, the delay producers
 *     are allowed before their events count as late
 * @param recentIdsPerPartition how many recent event ids per partition are remembered to detect duplicates
 */
public record RealtimeSettings(
        String decisionsTopic,
        Duration grace,
        Duration heartbeatInterval,
        Duration heartbeatLag,
        int recentIdsPerPartition) {

    public RealtimeSettings {
        Objects.requireNonNull(decisionsTopic, "decisionsTopic");
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(heartbeatLag, "heartbeatLag");
        if (grace.isNegative() || heartbeatInterval.isNegative() || heartbeatLag.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
        if (recentIdsPerPartition < 0) {
            throw new IllegalArgumentException("recentIdsPerPartition must not be negative");
        }
    }

    /** True when the wall-clock heartbeat runs (live mode). */
    public boolean heartbeat() {
        return !heartbeatInterval.isZero();
    }
}
