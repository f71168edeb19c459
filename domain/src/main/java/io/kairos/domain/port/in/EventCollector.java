package io.kairos.domain.port.in;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Inbound port: takes events from outside the platform (the HTTP collector) in the documented wire format, checks
 * each exactly as the real-time consumer does, and stores the valid ones durably on the activity log before it
 * answers. An event is {@link Status#ACCEPTED} only once the log has acknowledged it; re-sending an event id that was
 * accepted before changes nothing downstream (the consumers drop repeated ids).
 */
public interface EventCollector {

    /**
     * Collects one request body: a single event object, a JSON array of events, or an object {@code {"events":
     * [...]}}, received at {@code receivedAt} (the platform's first sight of the events, from which latency is
     * measured). Never throws on bad input.
     */
    Collection collect(byte[] body, Instant receivedAt);

    /** What became of one request body. */
    sealed interface Collection permits Collected, Malformed, TooMany {}

    /**
     * The body held events; each has its result, in the order of the body.
     *
     * @param results one per event of the body
     */
    record Collected(List<EventResult> results) implements Collection {
        public Collected {
            results = List.copyOf(results);
        }

        /** How many events were stored. */
        public long accepted() {
            return results.stream().filter(r -> r.status() == Status.ACCEPTED).count();
        }

        /** How many events were refused for what they hold. */
        public long rejected() {
            return results.stream().filter(r -> r.status() == Status.REJECTED).count();
        }

        /** How many valid events could not be stored, because the log was unreachable. */
        public long unavailable() {
            return results.stream()
                    .filter(r -> r.status() == Status.UNAVAILABLE)
                    .count();
        }
    }

    /**
     * The body as a whole is not events: empty, not UTF-8, not JSON, nested too deeply, or neither an event, an
     * array of events nor {@code {"events": [...]}}.
     *
     * @param reason the wire name of the reason, as in the dead-letter topic ({@code not-json}, {@code invalid-utf8})
     * @param detail a sentence for the sender
     */
    record Malformed(String reason, String detail) implements Collection {
        public Malformed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /**
     * The body holds more events than one request may.
     *
     * @param count the events in the body
     * @param limit the most one request may hold
     */
    record TooMany(int count, int limit) implements Collection {}

    /** The result of one event. */
    enum Status {
        /** Stored on the activity log (acknowledged by every in-sync replica). */
        ACCEPTED,
        /** Refused for what it holds; the reason and detail say why. It is also kept on the dead-letter topic. */
        REJECTED,
        /** Valid, but not stored: the log did not acknowledge it in time. Sending it again is safe. */
        UNAVAILABLE
    }

    /**
     * The result of one event.
     *
     * @param index its position in the body, from 0
     * @param eventId its {@code eventId} when it has a readable one, else null
     * @param status what became of it
     * @param reason for a refused event, the wire name of the reason ({@code schema-violation}, {@code
     *     invalid-event}, ...), else null
     * @param detail for a refused or unavailable event, a sentence for the sender, else null
     */
    record EventResult(int index, String eventId, Status status, String reason, String detail) {
        public EventResult {
            Objects.requireNonNull(status, "status");
        }
    }
}
