package io.kairos.streaming.consume;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Exponential back-off between retries, doubling from a minimum to a maximum, cut short by a stop signal. */
public final class Backoff {

    private final Duration min;
    private final Duration max;
    private Duration next;
    private int attempts;

    /** A back-off from {@code min} doubling up to {@code max}. */
    public Backoff(Duration min, Duration max) {
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("need 0 < min <= max: " + min + ", " + max);
        }
        this.min = min;
        this.max = max;
        this.next = min;
    }

    /**
     * Waits the current delay (or until {@code stop} opens) and doubles it; returns the attempt number, from 1.
     */
    public int pause(CountDownLatch stop) throws InterruptedException {
        attempts++;
        stop.await(next.toMillis(), TimeUnit.MILLISECONDS);
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        return attempts;
    }

    /** Back to the minimum after a success. */
    public void reset() {
        next = min;
        attempts = 0;
    }
}
