package io.kairos.persistence.store;

import io.kairos.domain.event.UserEvent;
import io.kairos.persistence.codec.EventJson;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Encodes events as rows of PostgreSQL's COPY text format in the archive's column order: {@code occurred_at,
 * event_id, user_id, event_type, session_id, properties}.
 */
public final class EventCopyFormat {

    /** The column list matching the encoded rows, for {@code COPY table (columns) FROM STDIN}. */
    public static final String COLUMNS = "occurred_at, event_id, user_id, event_type, session_id, properties";

    private EventCopyFormat() {}

    /** The events as COPY text rows, UTF-8. */
    public static byte[] encode(List<UserEvent> events) {
        StringBuilder rows = new StringBuilder(events.size() * 160);
        for (UserEvent event : events) {
            rows.append(Rows.text(event.occurredAt())).append('\t');
            rows.append(event.eventId()).append('\t');
            escaped(rows, event.userId()).append('\t');
            escaped(rows, event.type()).append('\t');
            if (event.sessionId() == null) {
                rows.append("\\N");
            } else {
                escaped(rows, event.sessionId());
            }
            rows.append('\t');
            escaped(rows, EventJson.properties(event.properties())).append('\n');
        }
        return rows.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Backslash, tab, newline and carriage return are the characters COPY's text format gives a meaning to. */
    private static StringBuilder escaped(StringBuilder out, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out;
    }
}
