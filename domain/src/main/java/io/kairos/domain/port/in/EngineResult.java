package io.kairos.domain.port.in;

import io.kairos.domain.decision.Decision;
import java.util.List;

/**
 * What one call to the engine produced.
 *
 * @param decisions every decision made, delivered, ghost or suppressed, in the order made
 * @param timersFired timers that fired (whether or not their campaign's audience matched)
 * @param lateEvents events folded into state but too late to trigger, cancel or start anything
 * @param timersWithoutCampaign fired timers (counted in {@code timersFired}) that decided nothing because their
 *     campaign is not in the campaign version in force at their due time
 */
public record EngineResult(List<Decision> decisions, int timersFired, int lateEvents, int timersWithoutCampaign) {

    /** Nothing happened. */
    public static final EngineResult NOTHING = new EngineResult(List.of(), 0, 0, 0);

    public EngineResult {
        decisions = List.copyOf(decisions);
    }

    /** A result in which every fired timer found its campaign. */
    public EngineResult(List<Decision> decisions, int timersFired, int lateEvents) {
        this(decisions, timersFired, lateEvents, 0);
    }
}
