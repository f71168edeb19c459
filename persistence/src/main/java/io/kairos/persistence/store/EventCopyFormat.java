package io.kairos.persistence.store;

import io.kairos.domain.event.UserEvent;
import io.kairos.persistence.codec.EventJson;
import java.util.List;

/**
 * Encodes events as rows of PostgreSQL's COPY text format in the archive's column order: {@code occurred_at,
 * event_id, user_id, event_type, session_id, properties}.
 */
public final class EventCopyFormat {

    /** The column list matching the encoded rows, for {@code COPY table (columns) FROM STDIN}. */
    public static final String COLUMNS = "occurred_at, event_id, user_id, event_type, session_id, properties";

    private EventCopyFormat() {}

    /** The events as COPY text rows, UTF-8; event times to the microsecond. */
    public static byte[] encode(List<UserEvent> events) {
        CopyRows rows = new CopyRows(events.size() * 160);
        for (UserEvent event : events) {
            rows.time(event.occurredAt())
                    .uuid(event.eventId())
                    .text(event.userId())
                    .text(event.type())
                    .text(event.sessionId())
                    .text(EventJson.properties(event.properties()))
                    .endRow();
        }
        return rows.bytes();
    }
}
