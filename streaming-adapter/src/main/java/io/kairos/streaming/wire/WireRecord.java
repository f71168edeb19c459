package io.kairos.streaming.wire;

import io.kairos.domain.event.UserEvent;
import java.time.Instant;
import java.util.Objects;

/** What one activity-topic record turned out to be: an event, a watermark, or a rejection with its reason. */
public sealed interface WireRecord {

    /** A valid event, upcast to the current version; {@code schemaVersion} is the version it was sent with. */
    record Event(UserEvent event, int schemaVersion) implements WireRecord {
        public Event {
            Objects.requireNonNull(event, "event");
        }
    }

    /** An explicit watermark: the producer promises no later event older than {@code watermark}. */
    record Watermark(Instant watermark) implements WireRecord {
        public Watermark {
            Objects.requireNonNull(watermark, "watermark");
        }
    }

    /**
     * A record that cannot be processed, bound for the dead-letter topic.
     *
     * @param schemaVersion the declared schema version, or {@code unknown}
     */
    record Rejected(DeadLetterReason reason, String detail, String schemaVersion) implements WireRecord {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(schemaVersion, "schemaVersion");
        }
    }
}
