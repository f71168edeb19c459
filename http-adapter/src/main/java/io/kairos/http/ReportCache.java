package io.kairos.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Rendered reports per experiment and attribution window, kept for a short time: a dashboard load and the requests
 * right after it share one computation, and concurrent requests for the same report wait for the one running
 * instead of starting their own. A failed computation is not kept.
 */
public final class ReportCache {

    private record Key(String experimentKey, Integer attributionDays) {}

    private record Entry(Instant startedAt, CompletableFuture<String> report) {}

    private final BiFunction<String, Integer, String> render;
    private final Duration timeToLive;
    private final Clock clock;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    /** A cache computing reports with {@code render}, each kept for {@code timeToLive} after its computation began. */
    public ReportCache(BiFunction<String, Integer, String> render, Duration timeToLive, Clock clock) {
        this.render = Objects.requireNonNull(render, "render");
        this.timeToLive = Objects.requireNonNull(timeToLive, "timeToLive");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The report over {@code attributionDays} (null: the experiment's plan), from memory when computed less than the
     * time to live ago; rethrows what the computation threw.
     */
    String report(String experimentKey, Integer attributionDays) {
        Instant now = clock.instant();
        entries.values().removeIf(entry -> expired(entry, now));
        Key key = new Key(experimentKey, attributionDays);
        CompletableFuture<String> mine = new CompletableFuture<>();
        Entry entry = entries.compute(key, (k, old) -> old != null && !expired(old, now) ? old : new Entry(now, mine));
        if (entry.report() == mine) {
            try {
                mine.complete(render.apply(experimentKey, attributionDays));
            } catch (RuntimeException e) {
                entries.remove(key, entry);
                mine.completeExceptionally(e);
            }
        }
        try {
            return entry.report().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private boolean expired(Entry entry, Instant now) {
        return !now.isBefore(entry.startedAt().plus(timeToLive));
    }
}
