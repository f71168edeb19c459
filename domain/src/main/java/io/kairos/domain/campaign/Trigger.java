package io.kairos.domain.campaign;

import io.kairos.domain.segment.Condition;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** What makes a campaign consider a user: an event, entering a segment, or the absence of events after one. */
public sealed interface Trigger {

    /** An event of a type, matching a condition on the event (and state). */
    record OnEvent(String eventType, Condition where) implements Trigger {
        public OnEvent {
            Objects.requireNonNull(eventType, "eventType");
            Objects.requireNonNull(where, "where");
        }
    }

    /** The user entered a segment: not a member before an event, a member after it. */
    record OnSegmentEntry(String segment) implements Trigger {
        public OnSegmentEntry {
            Objects.requireNonNull(segment, "segment");
        }
    }

    /**
     * An event of {@code startType} (matching {@code startWhere}) followed by none of {@code cancelTypes} within
     * {@code within}: a timer is scheduled at the start event and cancelled by a cancelling event; a newer start
     * event re-arms it.
     */
    record AfterAbsence(String startType, Condition startWhere, List<String> cancelTypes, Duration within)
            implements Trigger {
        public AfterAbsence {
            Objects.requireNonNull(startType, "startType");
            Objects.requireNonNull(startWhere, "startWhere");
            cancelTypes = List.copyOf(cancelTypes);
            Objects.requireNonNull(within, "within");
        }
    }
}
