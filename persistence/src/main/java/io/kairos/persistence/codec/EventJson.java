package io.kairos.persistence.codec;

import io.kairos.domain.event.Channel;
import io.kairos.domain.event.EventProperties;
import io.kairos.domain.event.KnownEventType;
import io.kairos.domain.event.UserEvent;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * Maps events to and from JSON: the properties alone (the archive's {@code properties} column, with the wire's
 * snake_case names) and whole events (a timer's start event, the recent events inside user state).
 */
public final class EventJson {

    private EventJson() {}

    /** The event's properties as a JSON object with wire names; absent optional values are left out. */
    public static String properties(EventProperties properties) {
        return Json.write(g -> writeProperties(g, properties));
    }

    /**
     * The typed properties of several events, one per type in order, from their JSON objects laid one after another
     * (separated by whitespace) in the UTF-8 bytes {@code json[offset, offset + length)}. What the nightly job
     * decodes for each archived user: one parser for all of a user's events (creating a parser cost more than
     * reading a small object with it), reading token by token, without building a tree.
     */
    public static List<EventProperties> properties(List<String> types, byte[] json, int offset, int length) {
        List<EventProperties> read = new ArrayList<>(types.size());
        try (JsonParser parser = Json.MAPPER.createParser(json, offset, length)) {
            for (String type : types) {
                read.add(readProperties(type, fields(parser)));
            }
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("more stored event properties than the " + types.size() + " events");
            }
        }
        return read;
    }

    /** A whole event as a JSON object. */
    public static String event(UserEvent event) {
        return Json.write(g -> writeEvent(g, event));
    }

    /** A whole event from its JSON object. */
    public static UserEvent event(String json) {
        return readEvent(Json.read(json));
    }

    static void writeEvent(JsonGenerator g, UserEvent event) {
        g.writeStartObject();
        g.writeStringProperty("event_id", event.eventId().toString());
        g.writeStringProperty("user_id", event.userId());
        g.writeStringProperty("occurred_at", IsoInstant.format(event.occurredAt()));
        Json.string(g, "session_id", event.sessionId());
        g.writeStringProperty("type", event.type());
        g.writeName("properties");
        writeProperties(g, event.properties());
        g.writeEndObject();
    }

    static UserEvent readEvent(JsonNode node) {
        String type = Json.required(node, "type").asString();
        return new UserEvent(
                UUID.fromString(Json.required(node, "event_id").asString()),
                Json.required(node, "user_id").asString(),
                Json.instant(node, "occurred_at"),
                Json.string(node, "session_id"),
                readProperties(type, fields(Json.required(node, "properties"))));
    }

    private static void writeProperties(JsonGenerator g, EventProperties properties) {
        g.writeStartObject();
        if (properties instanceof EventProperties.PageView p) {
            g.writeStringProperty("url", p.url());
            Json.string(g, "category", p.category());
        } else if (properties instanceof EventProperties.ProductView p) {
            g.writeStringProperty("product_id", p.productId());
            Json.string(g, "category", p.category());
            if (p.price() != null) {
                g.writeNumberProperty("price", p.price());
            }
        } else if (properties instanceof EventProperties.AddToCart p) {
            g.writeStringProperty("product_id", p.productId());
            g.writeNumberProperty("quantity", p.quantity());
            g.writeNumberProperty("unit_price", p.unitPrice());
            Json.string(g, "category", p.category());
        } else if (properties instanceof EventProperties.RemoveFromCart p) {
            g.writeStringProperty("product_id", p.productId());
            g.writeNumberProperty("quantity", p.quantity());
        } else if (properties instanceof EventProperties.CheckoutStarted p) {
            Json.string(g, "checkout_id", p.checkoutId());
        } else if (properties instanceof EventProperties.Purchase p) {
            g.writeStringProperty("order_id", p.orderId());
            g.writeNumberProperty("revenue", p.revenue());
            g.writeStringProperty("currency", p.currency());
        } else if (properties instanceof EventProperties.MessageDelivered p) {
            g.writeStringProperty("message_id", p.messageId());
            Json.string(g, "campaign_id", p.campaignId());
            Json.string(g, "channel", p.channel() == null ? null : p.channel().wireName());
        } else if (properties instanceof EventProperties.MessageOpened p) {
            g.writeStringProperty("message_id", p.messageId());
        } else if (properties instanceof EventProperties.MessageClicked p) {
            g.writeStringProperty("message_id", p.messageId());
        } else if (properties instanceof EventProperties.ConsentChanged p) {
            Json.string(g, "channel", p.channel() == null ? null : p.channel().wireName());
            g.writeBooleanProperty("granted", p.granted());
        } else if (properties instanceof EventProperties.ProfileUpdated p) {
            g.writeStringProperty("time_zone", p.timeZone().getId());
        } else if (properties instanceof EventProperties.Custom p) {
            for (Map.Entry<String, Object> attribute : p.attributes().entrySet()) {
                writeAttribute(g, attribute.getKey(), attribute.getValue());
            }
        }
        g.writeEndObject();
    }

    private static void writeAttribute(JsonGenerator g, String name, Object value) {
        if (value instanceof String s) {
            g.writeStringProperty(name, s);
        } else if (value instanceof Boolean b) {
            g.writeBooleanProperty(name, b);
        } else if (value instanceof Number n) {
            g.writeNumberProperty(name, n.doubleValue());
        } else if (value == null) {
            g.writeNullProperty(name);
        } else {
            throw new IllegalArgumentException("custom attribute " + name + " has an unsupported value: " + value);
        }
    }

    /**
     * The fields of a flat JSON object, each a {@link String}, {@link Number}, {@link Boolean} or null. Properties
     * are flat: the platform writes no object or array inside them.
     */
    private static Map<String, Object> fields(JsonParser parser) {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("stored event properties are missing or not a JSON object");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        String name;
        while ((name = parser.nextName()) != null) {
            switch (parser.nextToken()) {
                case VALUE_STRING -> fields.put(name, parser.getString());
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> fields.put(name, parser.getNumberValue());
                case VALUE_TRUE -> fields.put(name, Boolean.TRUE);
                case VALUE_FALSE -> fields.put(name, Boolean.FALSE);
                case VALUE_NULL -> fields.put(name, null);
                default -> throw nested(name);
            }
        }
        return fields;
    }

    /** The same fields from a tree. */
    private static Map<String, Object> fields(JsonNode object) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            JsonNode value = entry.getValue();
            Object field;
            if (value.isBoolean()) {
                field = value.asBoolean();
            } else if (value.isNumber()) {
                field = value.numberValue();
            } else if (value.isNull()) {
                field = null;
            } else if (value.isContainer()) {
                throw nested(entry.getKey());
            } else {
                field = value.asString();
            }
            fields.put(entry.getKey(), field);
        }
        return fields;
    }

    private static IllegalArgumentException nested(String name) {
        return new IllegalArgumentException(
                "stored event properties hold an object or array under \"" + name + "\"; they must be flat");
    }

    private static EventProperties readProperties(String type, Map<String, Object> p) {
        Optional<KnownEventType> known = KnownEventType.fromWireName(type);
        if (known.isEmpty()) {
            Map<String, Object> attributes = new LinkedHashMap<>();
            p.forEach((name, value) -> attributes.put(name, value instanceof Number n ? n.doubleValue() : value));
            return new EventProperties.Custom(type, attributes);
        }
        return switch (known.get()) {
            case PAGE_VIEW -> new EventProperties.PageView(string(p, "url"), string(p, "category"));
            case PRODUCT_VIEW ->
                new EventProperties.ProductView(string(p, "product_id"), string(p, "category"), number(p, "price"));
            case ADD_TO_CART ->
                new EventProperties.AddToCart(
                        string(p, "product_id"),
                        (int) requiredNumber(p, "quantity"),
                        requiredNumber(p, "unit_price"),
                        string(p, "category"));
            case REMOVE_FROM_CART ->
                new EventProperties.RemoveFromCart(string(p, "product_id"), (int) requiredNumber(p, "quantity"));
            case CHECKOUT_STARTED -> new EventProperties.CheckoutStarted(string(p, "checkout_id"));
            case PURCHASE ->
                new EventProperties.Purchase(
                        string(p, "order_id"), requiredNumber(p, "revenue"), string(p, "currency"));
            case MESSAGE_DELIVERED ->
                new EventProperties.MessageDelivered(
                        string(p, "message_id"), string(p, "campaign_id"), channel(string(p, "channel")));
            case MESSAGE_OPENED -> new EventProperties.MessageOpened(string(p, "message_id"));
            case MESSAGE_CLICKED -> new EventProperties.MessageClicked(string(p, "message_id"));
            case CONSENT_CHANGED ->
                new EventProperties.ConsentChanged(
                        channel(string(p, "channel")), Boolean.parseBoolean(string(required(p, "granted"), "granted")));
            case PROFILE_UPDATED -> new EventProperties.ProfileUpdated(ZoneId.of(string(p, "time_zone")));
        };
    }

    private static String string(Map<String, Object> fields, String name) {
        Object value = fields.get(name);
        return value == null ? null : value.toString();
    }

    private static Double number(Map<String, Object> fields, String name) {
        Object value = fields.get(name);
        return value == null ? null : toDouble(name, value);
    }

    private static double requiredNumber(Map<String, Object> fields, String name) {
        return toDouble(name, required(fields, name).get(name));
    }

    private static double toDouble(String name, Object value) {
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        try {
            return Double.parseDouble(value.toString());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("stored JSON has a non-numeric \"" + name + "\": " + value, e);
        }
    }

    private static Map<String, Object> required(Map<String, Object> fields, String name) {
        if (fields.get(name) == null) {
            throw new IllegalArgumentException("stored JSON lacks \"" + name + "\": " + fields);
        }
        return fields;
    }

    static Channel channel(String wireName) {
        if (wireName == null) {
            return null;
        }
        return Channel.fromWireName(wireName)
                .orElseThrow(() -> new IllegalArgumentException("unknown channel in stored JSON: " + wireName));
    }
}
