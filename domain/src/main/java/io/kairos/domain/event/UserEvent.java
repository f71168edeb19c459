package io.kairos.domain.event;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A validated activity event at the current schema version: the only event shape the engine accepts.
 *
 * @param eventId unique id, the deduplication key
 * @param userId the user the event is about
 * @param occurredAt event time; every business rule uses it
 * @param sessionId the session, or null when the producer has none
 * @param properties the typed payload; its {@link EventProperties#type()} is the event type
 */
public record UserEvent(UUID eventId, String userId, Instant occurredAt, String sessionId, EventProperties properties) {

    public UserEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(properties, "properties");
    }

    /** The event type, e.g. {@code purchase} or a custom type such as {@code feature_used}. */
    public String type() {
        return properties.type();
    }

    /** The value of a named property (snake_case), or null when the event has none. */
    public Object property(String name) {
        return properties.property(name);
    }
}
