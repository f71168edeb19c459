package io.kairos.app;

import io.kairos.domain.experiment.DecisionWindow;
import io.kairos.domain.experiment.ExperimentInForce;
import io.kairos.domain.port.out.ExperimentRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An experiment's definition and decision window as the registry holds them, re-read at most every {@link
 * DecisionWindow#REFRESH} so that a running stream or nightly scheduler follows a start, a stop or a redefined draft.
 * A start or a stop takes effect {@link DecisionWindow#SWITCH_LEAD} after it is requested, longer than the refresh plus
 * how far ahead of the clock an event may be dated, so both modes switch at the same event-time instant. When the database cannot be read, the last known state stays in
 * force (logged) and the next call tries again. Thread-safe.
 */
public final class ExperimentRefresh implements Supplier<ExperimentInForce> {

    private static final Logger log = LoggerFactory.getLogger(ExperimentRefresh.class);

    private final Supplier<ExperimentInForce> read;
    private final Duration every;
    private final Clock clock;
    private volatile ExperimentInForce current;
    private volatile Instant next;

    ExperimentRefresh(Supplier<ExperimentInForce> read, Duration every, Clock clock) {
        this.read = Objects.requireNonNull(read, "read");
        this.every = Objects.requireNonNull(every, "every");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.current = read.get();
        this.next = clock.instant().plus(every);
    }

    /** The experiment {@code key} of the registry (it must exist), re-read every {@link DecisionWindow#REFRESH}. */
    public static ExperimentRefresh of(ExperimentRegistry registry, String key) {
        return new ExperimentRefresh(
                () -> ExperimentInForce.of(registry.find(key)
                        .orElseThrow(() -> new IllegalStateException("experiment '" + key + "' is not defined"))),
                DecisionWindow.REFRESH,
                Clock.systemUTC());
    }

    @Override
    public ExperimentInForce get() {
        Instant now = clock.instant();
        if (now.isBefore(next)) {
            return current;
        }
        synchronized (this) {
            if (!now.isBefore(next)) {
                try {
                    ExperimentInForce fresh = read.get();
                    if (!fresh.equals(current)) {
                        log.info(
                                "experiment {} now {}: decides {}",
                                fresh.experiment().key(),
                                fresh.experiment().equals(current.experiment()) ? "unchanged" : "redefined",
                                describe(fresh.window()));
                    }
                    current = fresh;
                } catch (RuntimeException e) {
                    log.warn(
                            "cannot re-read experiment {} ({}); keeping what was known",
                            current.experiment().key(),
                            e.toString());
                }
                next = now.plus(every);
            }
        }
        return current;
    }

    private static String describe(DecisionWindow window) {
        if (!window.open()) {
            return "nothing (a draft)";
        }
        return "from " + (window.from() == null ? "the beginning" : window.from()) + " until "
                + (window.until() == null ? "it stops" : window.until());
    }
}
