package io.kairos.app.demo;

import io.kairos.domain.decision.Decision;
import io.kairos.domain.event.UserEvent;
import io.kairos.simulator.SimulationDriver;
import io.kairos.simulator.SimulationProgress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Replays a recorded event log through a driver: the same events, window by window in virtual time, with the
 * decisions recomputed by the platform (no reactions are added: the log already holds the users' behaviour).
 */
public final class Replay {

    private final Duration window;

    /** A replay stepping virtual time by {@code window}. */
    public Replay(Duration window) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
        this.window = window;
    }

    /**
     * Drives {@code driver} over the events (sorted by event time, ties in log order) from {@code start} to {@code
     * end}, and returns every decision made.
     */
    public List<Decision> run(
            List<UserEvent> log, Instant start, Instant end, SimulationDriver driver, SimulationProgress progress) {
        Objects.requireNonNull(driver, "driver");
        List<UserEvent> events = new ArrayList<>(log);
        events.sort(Comparator.comparing(UserEvent::occurredAt));
        if (!events.isEmpty() && events.get(0).occurredAt().isBefore(start)) {
            throw new IllegalArgumentException("the log has events before the replay's start " + start);
        }
        if (!events.isEmpty() && !events.get(events.size() - 1).occurredAt().isBefore(end)) {
            throw new IllegalArgumentException("the log has events at or after the replay's end " + end);
        }
        List<Decision> decisions = new ArrayList<>();
        driver.begin(start);
        int next = 0;
        long handed = 0;
        for (Instant from = start; from.isBefore(end); from = from.plus(window)) {
            Instant to = from.plus(window).isAfter(end) ? end : from.plus(window);
            List<UserEvent> batch = new ArrayList<>();
            while (next < events.size() && events.get(next).occurredAt().isBefore(to)) {
                batch.add(events.get(next++));
            }
            driver.ingest(batch);
            handed += batch.size();
            decisions.addAll(driver.advanceTo(to));
            progress.windowDone(to, handed, decisions.size());
        }
        return decisions;
    }

    /** One window past the last event, and never before {@code start}. */
    public Instant end(List<UserEvent> events, Instant start) {
        Instant last = start;
        for (UserEvent event : events) {
            if (event.occurredAt().isBefore(start)) {
                throw new IllegalArgumentException("event " + event.eventId() + " at " + event.occurredAt()
                        + " is before the replay's start " + start);
            }
            if (event.occurredAt().isAfter(last)) {
                last = event.occurredAt();
            }
        }
        return last.plus(window);
    }
}
