package io.kairos.delivery.feed;

import io.kairos.domain.delivery.Delivery;
import io.kairos.domain.event.Channel;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.function.BiFunction;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a decisions-topic message (the JSON of docs/architecture.md, "Wire format", schema version 1) into the
 * delivery it asks for: its channel, its user, and its send time ({@code deliverAt}: the decision time in real time,
 * the batch send time in batch). The message itself travels on as the channel's payload.
 */
public final class DecisionRecords {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final BiFunction<String, Channel, Duration> timeToLive;

    /** @param timeToLive a campaign's and channel's time to live, or null for messages that never expire */
    public DecisionRecords(BiFunction<String, Channel, Duration> timeToLive) {
        this.timeToLive = timeToLive;
    }

    /** The delivery a message asks for; an {@link IllegalArgumentException} says what is wrong with it. */
    public Delivery read(String value) {
        if (value == null) {
            throw new IllegalArgumentException("no value");
        }
        JsonNode root;
        try {
            root = JSON.readTree(value);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        int version = root.path("schemaVersion").asInt(-1);
        if (version != 1) {
            throw new IllegalArgumentException("schemaVersion " + root.path("schemaVersion") + " is not 1");
        }
        UUID decisionId = uuid(root, "decisionId");
        String channelName = text(root, "channel");
        Channel channel = Channel.fromWireName(channelName)
                .orElseThrow(() -> new IllegalArgumentException("unknown channel '" + channelName + "'"));
        String campaignId = text(root, "campaignId");
        Instant deliverAt = instant(root, "deliverAt");
        Duration ttl = timeToLive == null ? null : timeToLive.apply(campaignId, channel);
        return Delivery.pending(
                decisionId,
                channel,
                text(root, "userId"),
                campaignId,
                text(root, "experimentKey"),
                text(root, "arm"),
                value,
                deliverAt,
                ttl == null ? null : deliverAt.plus(ttl));
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || !node.isString() || node.asString().isBlank()) {
            throw new IllegalArgumentException("no " + field);
        }
        return node.asString();
    }

    private static UUID uuid(JsonNode root, String field) {
        try {
            return UUID.fromString(text(root, field));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " is not a UUID");
        }
    }

    private static Instant instant(JsonNode root, String field) {
        try {
            return Instant.parse(text(root, field));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " is not an ISO-8601 instant");
        }
    }
}
