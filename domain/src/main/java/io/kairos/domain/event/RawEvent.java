package io.kairos.domain.event;

import java.util.Map;

/**
 * An event as an adapter parsed it from the wire, before validation: every field may be missing or wrong.
 *
 * @param occurredAt an ISO-8601 instant such as {@code 2026-11-28T10:15:30Z}
 * @param properties property values as parsed from JSON: {@link String}, {@link Number} or {@link Boolean}
 */
public record RawEvent(
        String eventId,
        String userId,
        String type,
        String occurredAt,
        String sessionId,
        Integer schemaVersion,
        Map<String, Object> properties) {

    public RawEvent {
        properties = properties == null ? Map.of() : properties;
    }
}
