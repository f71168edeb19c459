package io.kairos.simulator;

import io.kairos.domain.decision.Decision;
import io.kairos.domain.event.UserEvent;
import io.kairos.domain.experiment.Experiment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Port through which the simulator drives the platform under test, one virtual-time window at a time.
 *
 * <p>The simulator calls {@link #begin} once, then for every window {@code [from, to)} in order: {@link #ingest}
 * with the window's events, then {@link #advanceTo}{@code (to)}. An implementation must, before {@code advanceTo}
 * returns, have processed every ingested event, moved the real-time event-time watermark to {@code to}, run the
 * nightly batch for every cut-off in {@code (previous watermark, to]} over the events before that cut-off, and
 * collected the decisions this made. Only then does the simulator schedule the users' reactions, strictly after
 * each delivery: that is what makes the loop causal.
 *
 * <p>The in-process {@link FastPathDriver} drives the domain engine directly; a full-path driver produces to Kafka,
 * sends watermark records, waits for the streaming consumer (and at cut-offs the batch job) to catch up, and reads
 * the decisions back from PostgreSQL.
 */
public interface SimulationDriver extends AutoCloseable {

    /** The experiment the platform assigns users with; the simulator reports outcomes per arm of it. */
    Experiment experiment();

    /**
     * The longest time from a trigger to its delivery in any arm: the nightly batch's, from just after one cut-off to
     * the send time after the next. With the attribution window it sets the enrolment cut-off of the outcomes, as in
     * the report.
     */
    Duration longestDeliveryDelay();

    /** Virtual time starts at {@code start}: no event and no watermark will be earlier. */
    void begin(Instant start);

    /**
     * Hands over one window's events, in event-time order (ties in a fixed, reproducible order). No event is
     * earlier than the last watermark passed to {@link #advanceTo}.
     */
    void ingest(List<UserEvent> events);

    /**
     * Moves event time to {@code watermark} (the window's end), runs the batch at each nightly cut-off passed, and
     * returns every decision made since the previous call (delivered, ghost and suppressed), in a reproducible
     * order. A delivered decision's {@code deliveredAt} may lie after {@code watermark} (batch send time, quiet
     * hours); the simulator handles that.
     */
    List<Decision> advanceTo(Instant watermark);

    /** Releases what the driver holds; the in-process driver holds nothing. */
    @Override
    default void close() {}
}
