package io.kairos.domain.experiment;

import java.time.Duration;
import java.time.Instant;

/**
 * When an experiment makes decisions, in event time: from its start (inclusive) to its stop (exclusive). A draft
 * decides nothing; a running experiment decides from its start on; a stopped one decided only while it ran. Both
 * modes apply the same window to a decision's event time, so a start or a stop changes them at the same instant.
 *
 * @param open whether the experiment was ever started (false: a draft, which decides nothing)
 * @param from the start, or null for an experiment without a recorded start (defined before starts were recorded)
 * @param until the stop, or null while it runs
 */
public record DecisionWindow(boolean open, Instant from, Instant until) {

    /**
     * How long after a request a start or a stop takes effect: longer than the furthest an accepted event may be
     * dated ahead of the clock (5 minutes by default) plus a running process's {@link #REFRESH}, so every process
     * knows the instant before it sees an event dated at it, and both modes switch at the same event-time instant.
     * The same lead as a campaign version's ({@code CampaignPublication.DEFAULT_LEAD}).
     */
    public static final Duration SWITCH_LEAD = Duration.ofMinutes(6);

    /** How often a running stream re-reads its experiment's window. */
    public static final Duration REFRESH = Duration.ofSeconds(2);

    /** An experiment that decides at every instant (defined before the lifecycle existed, or not managed). */
    public static final DecisionWindow ALWAYS = new DecisionWindow(true, null, null);

    /** A draft: nothing is decided until it starts. */
    public static final DecisionWindow NEVER = new DecisionWindow(false, null, null);

    public DecisionWindow {
        if (from != null && until != null && until.isBefore(from)) {
            throw new IllegalArgumentException(
                    "an experiment cannot stop (" + until + ") before it starts (" + from + ")");
        }
    }

    /** The window of a registered experiment, from its status and its start and stop. */
    public static DecisionWindow of(ExperimentStatus status, Instant startedAt, Instant stoppedAt) {
        return switch (status) {
            case DRAFT -> NEVER;
            case RUNNING -> new DecisionWindow(true, startedAt, null);
            case STOPPED -> new DecisionWindow(true, startedAt, stoppedAt);
        };
    }

    /** Whether a decision at event time {@code at} belongs to the experiment. */
    public boolean covers(Instant at) {
        return open && (from == null || !at.isBefore(from)) && (until == null || at.isBefore(until));
    }
}
