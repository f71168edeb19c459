package io.kairos.persistence.codec;

import io.kairos.domain.event.Channel;
import io.kairos.domain.event.EventProperties;
import io.kairos.domain.event.KnownEventType;
import io.kairos.domain.event.UserEvent;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.core.JsonGenerator;
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

    /** The typed properties of an event of {@code type} from their JSON object. */
    public static EventProperties properties(String type, String json) {
        return readProperties(type, Json.read(json));
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
                readProperties(type, Json.required(node, "properties")));
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

    private static EventProperties readProperties(String type, JsonNode p) {
        Optional<KnownEventType> known = KnownEventType.fromWireName(type);
        if (known.isEmpty()) {
            Map<String, Object> attributes = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : p.properties()) {
                JsonNode value = entry.getValue();
                Object read;
                if (value.isBoolean()) {
                    read = value.asBoolean();
                } else if (value.isNumber()) {
                    read = value.asDouble();
                } else if (value.isNull()) {
                    read = null;
                } else {
                    read = value.asString();
                }
                attributes.put(entry.getKey(), read);
            }
            return new EventProperties.Custom(type, attributes);
        }
        return switch (known.get()) {
            case PAGE_VIEW -> new EventProperties.PageView(Json.string(p, "url"), Json.string(p, "category"));
            case PRODUCT_VIEW ->
                new EventProperties.ProductView(
                        Json.string(p, "product_id"), Json.string(p, "category"), Json.number(p, "price"));
            case ADD_TO_CART ->
                new EventProperties.AddToCart(
                        Json.string(p, "product_id"),
                        Json.required(p, "quantity").asInt(),
                        Json.required(p, "unit_price").asDouble(),
                        Json.string(p, "category"));
            case REMOVE_FROM_CART ->
                new EventProperties.RemoveFromCart(
                        Json.string(p, "product_id"),
                        Json.required(p, "quantity").asInt());
            case CHECKOUT_STARTED -> new EventProperties.CheckoutStarted(Json.string(p, "checkout_id"));
            case PURCHASE ->
                new EventProperties.Purchase(
                        Json.string(p, "order_id"), Json.required(p, "revenue").asDouble(), Json.string(p, "currency"));
            case MESSAGE_DELIVERED ->
                new EventProperties.MessageDelivered(
                        Json.string(p, "message_id"),
                        Json.string(p, "campaign_id"),
                        channel(Json.string(p, "channel")));
            case MESSAGE_OPENED -> new EventProperties.MessageOpened(Json.string(p, "message_id"));
            case MESSAGE_CLICKED -> new EventProperties.MessageClicked(Json.string(p, "message_id"));
            case CONSENT_CHANGED ->
                new EventProperties.ConsentChanged(
                        channel(Json.string(p, "channel")),
                        Json.required(p, "granted").asBoolean());
            case PROFILE_UPDATED -> new EventProperties.ProfileUpdated(ZoneId.of(Json.string(p, "time_zone")));
        };
    }

    static Channel channel(String wireName) {
        if (wireName == null) {
            return null;
        }
        return Channel.fromWireName(wireName)
                .orElseThrow(() -> new IllegalArgumentException("unknown channel in stored JSON: " + wireName));
    }
}
