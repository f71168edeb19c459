package io.kairos.streaming.wire;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kairos.domain.decision.Decision;
import java.time.Instant;
import java.util.Locale;

/**
 * The value of a decisions-topic record (JSON, {@code schemaVersion} 1): what a delivery channel needs to send the
 * message, plus the times the report measures. Key = user id; the decision id is also in the {@value
 * #DECISION_ID_HEADER} header, the deduplication key of every consumer of the topic. {@code campaignVersion} is the
 * campaign version the decision was made under; a reader finding none (a message written before it existed) takes 0.
 */
public final class DecisionMessages {

    /** Header carrying the decision id. */
    public static final String DECISION_ID_HEADER = "kairos-decision-id";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DecisionMessages() {}

    /**
     * The JSON value for a delivered decision.
     *
     * @param sourceRecordTimestamp the Kafka timestamp of the record whose processing made the decision (wall clock)
     */
    public static String of(Decision decision, Instant sourceRecordTimestamp) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schemaVersion", 1);
        root.put("decisionId", decision.id().toString());
        root.put("experimentKey", decision.experimentKey());
        root.put("campaignId", decision.campaignId());
        root.put("userId", decision.userId());
        root.put("arm", decision.arm());
        root.put("mode", decision.mode().name().toLowerCase(Locale.ROOT));
        root.put("channel", decision.channel().wireName());
        root.put("payload", decision.payload());
        root.put("offer", decision.offer());
        root.put("triggerEventId", decision.triggerEventId().toString());
        root.put("triggerAt", decision.triggerAt().toString());
        root.put("decidedAt", decision.decidedAt().toString());
        root.put("deliverAt", text(decision.deliveredAt()));
        root.put("heldUntil", text(decision.heldUntil()));
        root.put("sourceRecordTimestamp", sourceRecordTimestamp.toString());
        root.put("campaignVersion", decision.campaignVersion());
        return root.toString();
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
