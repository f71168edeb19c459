package io.kairos.domain.segment;

import io.kairos.domain.event.UserEvent;
import io.kairos.domain.state.UserState;
import java.time.Instant;
import java.util.Objects;

/**
 * What a condition is evaluated against: the user's state, the event in focus (null for pure state conditions), the
 * evaluation time (always event time) and the segments in scope.
 */
public record EvaluationContext(UserState state, UserEvent event, Instant now, SegmentCatalog segments) {

    public EvaluationContext {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(segments, "segments");
    }

    /** The same context focused on another event (used by window counts to test each counted event). */
    public EvaluationContext withEvent(UserEvent other) {
        return new EvaluationContext(state, other, now, segments);
    }
}
