package io.kairos.streaming.wire;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kairos.domain.event.EventProperties;
import io.kairos.domain.event.KnownEventType;
import io.kairos.domain.event.UserEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeSet;

/**
 * Writes activity-topic values in the current wire format: events (key = user id) and watermark records (key null,
 * one per partition). What producers in Java, the simulator and the tests send.
 */
public final class ActivityMessages {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ActivityMessages() {}

    /** The JSON value of an event at its type's current schema version (1 for custom types). */
    public static byte[] event(UserEvent event) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("eventId", event.eventId().toString());
        root.put("userId", event.userId());
        root.put("type", event.type());
        root.put("occurredAt", event.occurredAt().toString());
        if (event.sessionId() != null) {
            root.put("sessionId", event.sessionId());
        }
        root.put(
                "schemaVersion",
                KnownEventType.fromWireName(event.type())
                        .map(KnownEventType::currentVersion)
                        .orElse(1));
        ObjectNode properties = root.putObject("properties");
        Map<String, ?> values = event.properties() instanceof EventProperties.Custom custom
                ? custom.attributes()
                : KnownEventType.fromWireName(event.type()).orElseThrow().properties();
        // Properties in name order: the same event always gives the same bytes (exports, digests, diffs).
        for (String name : new TreeSet<>(values.keySet())) {
            Object value = event.property(name);
            if (value instanceof String text) {
                properties.put(name, text);
            } else if (value instanceof Boolean flag) {
                properties.put(name, flag);
            } else if (value instanceof Double number && isWholeCount(name, number)) {
                properties.put(name, number.longValue());
            } else if (value instanceof Number number) {
                properties.put(name, number.doubleValue());
            }
        }
        return bytes(root);
    }

    /** The JSON value of a watermark record: no later event on this partition is older than {@code watermark}. */
    public static byte[] watermark(Instant watermark, String source) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("type", EventSchemas.WATERMARK);
        root.put("schemaVersion", 1);
        root.put("watermark", watermark.toString());
        root.put("source", source);
        return bytes(root);
    }

    private static boolean isWholeCount(String name, Double number) {
        return name.equals("quantity") && number == Math.rint(number);
    }

    private static byte[] bytes(ObjectNode root) {
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }
}
