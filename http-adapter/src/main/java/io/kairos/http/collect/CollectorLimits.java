package io.kairos.http.collect;

import java.time.Duration;
import java.util.Objects;

/**
 * What one instance of the collector takes.
 *
 * @param maxBodyBytes the largest body, in bytes (413 above it)
 * @param requestsPerSecond requests admitted per second (429 above it)
 * @param retryAfter what a 429 or 503 answer tells the sender to wait before it sends again
 */
public record CollectorLimits(int maxBodyBytes, int requestsPerSecond, Duration retryAfter) {

    public CollectorLimits {
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException(
                    "the collector's body limit must be at least 1 KiB, was " + maxBodyBytes);
        }
        if (requestsPerSecond <= 0) {
            throw new IllegalArgumentException("the collector's rate limit must be positive, was " + requestsPerSecond);
        }
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (retryAfter.isNegative() || retryAfter.isZero()) {
            throw new IllegalArgumentException("the collector's Retry-After must be positive, was " + retryAfter);
        }
    }

    /** Retry-After in whole seconds, at least one. */
    long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
