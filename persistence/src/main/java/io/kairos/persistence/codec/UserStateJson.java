package io.kairos.persistence.codec;

import io.kairos.domain.event.Channel;
import io.kairos.domain.event.UserEvent;
import io.kairos.domain.state.Cart;
import io.kairos.domain.state.CartLine;
import io.kairos.domain.state.MessageMark;
import io.kairos.domain.state.PurchaseMark;
import io.kairos.domain.state.UserState;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Maps {@link UserState} to and from the JSON document stored in {@code user_state.state} and {@code
 * batch_profile.state}.
 *
 * <p>Every component is written explicitly under a snake_case name, so the document is readable with {@code psql}
 * and a renamed Java component cannot silently change it. Absent values are left out; instants are ISO-8601 strings
 * (nanoseconds kept); amounts are JSON numbers written in Java's shortest round-tripping form, so a state read back
 * equals the state written.
 */
public final class UserStateJson {

    private UserStateJson() {}

    /** The state as a JSON object. */
    public static String write(UserState state) {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeStringProperty("user_id", state.userId());
            Json.instant(g, "first_seen", state.firstSeen());
            Json.instant(g, "last_activity", state.lastActivity());
            Json.string(g, "last_session_id", state.lastSessionId());
            g.writeNumberProperty("session_count", state.sessionCount());
            Json.string(
                    g,
                    "time_zone",
                    state.timeZone() == null ? null : state.timeZone().getId());
            g.writeName("cart");
            g.writeStartArray();
            for (CartLine line : state.cart().lines()) {
                g.writeStartObject();
                g.writeStringProperty("product_id", line.productId());
                g.writeNumberProperty("quantity", line.quantity());
                g.writeNumberProperty("unit_price", line.unitPrice());
                Json.string(g, "category", line.category());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeName("purchases");
            g.writeStartArray();
            for (PurchaseMark purchase : state.purchases()) {
                g.writeStartObject();
                g.writeStringProperty("order_id", purchase.orderId());
                Json.instant(g, "at", purchase.at());
                g.writeNumberProperty("revenue", purchase.revenue());
                Json.string(g, "currency", purchase.currency());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeNumberProperty("lifetime_purchases", state.lifetimePurchases());
            g.writeNumberProperty("lifetime_spend", state.lifetimeSpend());
            Json.instant(g, "last_purchase_at", state.lastPurchaseAt());
            g.writeName("messages");
            g.writeStartArray();
            for (MessageMark message : state.messages()) {
                g.writeStartObject();
                g.writeStringProperty("message_id", message.messageId());
                Json.string(g, "campaign_id", message.campaignId());
                Json.string(
                        g,
                        "channel",
                        message.channel() == null ? null : message.channel().wireName());
                Json.instant(g, "at", message.at());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeName("consent");
            g.writeStartObject();
            for (Channel channel : Channel.values()) {
                Boolean choice = state.consent().get(channel);
                if (choice != null) {
                    g.writeBooleanProperty(channel.wireName(), choice);
                }
            }
            g.writeEndObject();
            g.writeName("recent_events");
            g.writeStartArray();
            for (UserEvent event : state.recentEvents()) {
                EventJson.writeEvent(g, event);
            }
            g.writeEndArray();
            Json.instant(g, "last_timer_due_at", state.lastTimerDueAt());
            g.writeEndObject();
        });
    }

    /** The state from its JSON object. */
    public static UserState read(String json) {
        JsonNode node = Json.read(json);
        List<CartLine> lines = new ArrayList<>();
        for (JsonNode line : node.path("cart").values()) {
            lines.add(new CartLine(
                    Json.string(line, "product_id"),
                    Json.required(line, "quantity").asInt(),
                    Json.required(line, "unit_price").asDouble(),
                    Json.string(line, "category")));
        }
        List<PurchaseMark> purchases = new ArrayList<>();
        for (JsonNode purchase : node.path("purchases").values()) {
            purchases.add(new PurchaseMark(
                    Json.string(purchase, "order_id"),
                    Json.instant(purchase, "at"),
                    Json.required(purchase, "revenue").asDouble(),
                    Json.string(purchase, "currency")));
        }
        List<MessageMark> messages = new ArrayList<>();
        for (JsonNode message : node.path("messages").values()) {
            messages.add(new MessageMark(
                    Json.string(message, "message_id"),
                    Json.string(message, "campaign_id"),
                    EventJson.channel(Json.string(message, "channel")),
                    Json.instant(message, "at")));
        }
        Map<Channel, Boolean> consent = new EnumMap<>(Channel.class);
        for (Map.Entry<String, JsonNode> choice : node.path("consent").properties()) {
            consent.put(EventJson.channel(choice.getKey()), choice.getValue().asBoolean());
        }
        List<UserEvent> recent = new ArrayList<>();
        for (JsonNode event : node.path("recent_events").values()) {
            recent.add(EventJson.readEvent(event));
        }
        String zone = Json.string(node, "time_zone");
        return new UserState(
                Json.required(node, "user_id").asString(),
                Json.instant(node, "first_seen"),
                Json.instant(node, "last_activity"),
                Json.string(node, "last_session_id"),
                node.path("session_count").asInt(0),
                zone == null ? null : ZoneId.of(zone),
                new Cart(lines),
                purchases,
                node.path("lifetime_purchases").asInt(0),
                node.path("lifetime_spend").asDouble(0),
                Json.instant(node, "last_purchase_at"),
                messages,
                consent,
                recent,
                Json.instant(node, "last_timer_due_at"));
    }
}
