package io.kairos.streaming.wire;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.kairos.domain.event.EventProblem;
import io.kairos.domain.event.EventValidation;
import io.kairos.domain.event.EventValidator;
import io.kairos.domain.event.KnownEventType;
import io.kairos.domain.event.RawEvent;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.utils.Utils;

/**
 * Turns one activity-topic record (key and value bytes) into an event, a watermark or a rejection, checking in this
 * order: size, UTF-8, JSON, event type, schema version, the JSON Schema of that type and version, the domain's
 * validation (which upcasts older versions), then the key (it must be the user id) and the partition (it must be
 * the one the key hashes to with Kafka's default partitioner). A watermark record must be admitted by the {@link
 * WatermarkPolicy} and its time must pass the rules of an event's time. Never throws on bad input. Thread-safe.
 */
public final class EventDecoder {

    private static final int MAX_DETAIL = 2000;
    private static final String UNKNOWN = "unknown";
    private static final long LATEST_INGEST_MILLIS =
            Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();

    private final EventSchemas schemas;
    private final EventValidator validator;
    private final int maxRecordBytes;
    private final WatermarkPolicy watermarks;
    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonParser.Feature.ALLOW_COMMENTS)
            .build();

    /**
     * @param maxRecordBytes the largest value accepted, in bytes; larger ones are rejected unread
     */
    public EventDecoder(EventSchemas schemas, EventValidator validator, int maxRecordBytes) {
        this(schemas, validator, maxRecordBytes, WatermarkPolicy.unsigned());
    }

    /**
     * @param maxRecordBytes the largest value accepted, in bytes; larger ones are rejected unread
     * @param watermarks which watermark records are admitted
     */
    public EventDecoder(
            EventSchemas schemas, EventValidator validator, int maxRecordBytes, WatermarkPolicy watermarks) {
        this.watermarks = Objects.requireNonNull(watermarks, "watermarks");
        this.schemas = Objects.requireNonNull(schemas, "schemas");
        this.validator = Objects.requireNonNull(validator, "validator");
        if (maxRecordBytes <= 0) {
            throw new IllegalArgumentException("maxRecordBytes must be positive");
        }
        this.maxRecordBytes = maxRecordBytes;
    }

    /**
     * The latest event time a record received at {@code receivedAt} may carry; a watermark restored from elsewhere
     * beyond it did not come from an acceptable record.
     */
    public Instant latestAccepted(Instant receivedAt) {
        return validator.latestAccepted(receivedAt);
    }

    /**
     * When a record was produced, for latency and ingest times: its Kafka timestamp, or the wall clock {@code now}
     * when the producer set none or one beyond the year 9999, which PostgreSQL's timestamps and ISO-8601 text cannot
     * hold (a producer sets the timestamp it likes).
     */
    public static Instant ingestTime(ConsumerRecord<?, ?> record, Instant now) {
        long timestamp = record.timestamp();
        return timestamp < 0 || timestamp > LATEST_INGEST_MILLIS ? now : Instant.ofEpochMilli(timestamp);
    }

    /** The partition Kafka's default partitioner picks for a user id among {@code partitions} partitions. */
    public static int partitionOf(String userId, int partitions) {
        return Utils.toPositive(Utils.murmur2(userId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /**
     * Decodes a record received at {@code receivedAt} (wall clock, used only to reject events from the future) from
     * {@code partition} of a topic with {@code partitions} partitions.
     */
    public WireRecord decode(byte[] key, byte[] value, int partition, int partitions, Instant receivedAt) {
        return decode(key, value, null, partition, partitions, receivedAt);
    }

    /** Decodes a consumed record of a topic with {@code partitions} partitions, received at {@code receivedAt}. */
    public WireRecord decode(ConsumerRecord<byte[], byte[]> record, int partitions, Instant receivedAt) {
        Header signature = record.headers().lastHeader(WatermarkPolicy.SIGNATURE_HEADER);
        return decode(
                record.key(),
                record.value(),
                signature == null ? null : signature.value(),
                record.partition(),
                partitions,
                receivedAt);
    }

    /**
     * Decodes a record as {@link #decode(byte[], byte[], int, int, Instant)} does, with the value of its {@link
     * WatermarkPolicy#SIGNATURE_HEADER} header (null when absent), which a watermark record may need.
     */
    public WireRecord decode(
            byte[] key, byte[] value, byte[] watermarkSignature, int partition, int partitions, Instant receivedAt) {
        WireRecord decoded = decodeValue(value, watermarkSignature, receivedAt);
        if (!(decoded instanceof WireRecord.Event event)) {
            return decoded;
        }
        String declaredVersion = Integer.toString(event.schemaVersion());
        String userId = event.event().userId();
        if (key == null || !Arrays.equals(key, userId.getBytes(StandardCharsets.UTF_8))) {
            return new WireRecord.Rejected(
                    DeadLetterReason.KEY_MISMATCH,
                    key == null
                            ? "the record key is null; it must be the userId"
                            : "the record key '" + abbreviate(new String(key, StandardCharsets.UTF_8))
                                    + "' is not the userId '" + userId + "'",
                    declaredVersion);
        }
        int expected = partitionOf(userId, partitions);
        if (expected != partition) {
            return new WireRecord.Rejected(
                    DeadLetterReason.PARTITION_MISMATCH,
                    "user " + userId + " belongs to partition " + expected + " (default partitioner), not " + partition,
                    declaredVersion);
        }
        return event;
    }

    /**
     * Decodes an event that has no record yet (the HTTP collector's, before it is produced keyed by its user id):
     * every check of {@link #decode(byte[], byte[], int, int, Instant)} but the key's and the partition's; a
     * watermark is refused, since only the platform's own producers may move event time.
     */
    public WireRecord decodeUnkeyed(byte[] value, Instant receivedAt) {
        WireRecord decoded = decodeValue(value, null, receivedAt);
        if (decoded instanceof WireRecord.Watermark) {
            return new WireRecord.Rejected(
                    DeadLetterReason.INVALID_WATERMARK,
                    "watermark records are not accepted from outside the platform",
                    Integer.toString(1));
        }
        return decoded;
    }

    private WireRecord decodeValue(byte[] value, byte[] watermarkSignature, Instant receivedAt) {
        if (value == null || value.length == 0) {
            return new WireRecord.Rejected(DeadLetterReason.NOT_JSON, "empty value", UNKNOWN);
        }
        if (value.length > maxRecordBytes) {
            return new WireRecord.Rejected(
                    DeadLetterReason.OVERSIZED,
                    value.length + " bytes, more than the limit of " + maxRecordBytes,
                    UNKNOWN);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value))
                    .toString();
        } catch (CharacterCodingException e) {
            return new WireRecord.Rejected(DeadLetterReason.INVALID_UTF8, "not valid UTF-8: " + e, UNKNOWN);
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(text);
        } catch (JacksonException e) {
            return new WireRecord.Rejected(DeadLetterReason.NOT_JSON, abbreviate(e.getOriginalMessage()), UNKNOWN);
        }
        if (tree == null || !tree.isObject()) {
            return new WireRecord.Rejected(DeadLetterReason.NOT_JSON, "not a JSON object", UNKNOWN);
        }
        JsonNode versionNode = tree.get("schemaVersion");
        String declaredVersion = versionNode != null && versionNode.isIntegralNumber() ? versionNode.asText() : UNKNOWN;
        JsonNode typeNode = tree.get("type");
        if (typeNode == null || !typeNode.isTextual()) {
            return new WireRecord.Rejected(
                    DeadLetterReason.SCHEMA_VIOLATION, "type: missing or not a string", declaredVersion);
        }
        String type = typeNode.asText();
        String schemaName;
        if (type.equals(EventSchemas.WATERMARK)) {
            schemaName = EventSchemas.WATERMARK;
        } else if (KnownEventType.fromWireName(type).isPresent()) {
            schemaName = type;
        } else if (EventValidator.TYPE_NAME.matcher(type).matches()) {
            schemaName = EventSchemas.CUSTOM;
        } else {
            return new WireRecord.Rejected(
                    DeadLetterReason.UNKNOWN_EVENT_TYPE,
                    "type '" + abbreviate(type) + "' is not a known type and not a custom type name ("
                            + EventValidator.TYPE_NAME + ")",
                    declaredVersion);
        }
        if (declaredVersion.equals(UNKNOWN)) {
            return new WireRecord.Rejected(
                    DeadLetterReason.SCHEMA_VIOLATION, "schemaVersion: missing or not an integer", UNKNOWN);
        }
        int version = versionNode.canConvertToInt() ? versionNode.asInt() : Integer.MAX_VALUE;
        if (!schemas.versions(schemaName).contains(version)) {
            return new WireRecord.Rejected(
                    DeadLetterReason.UNKNOWN_SCHEMA_VERSION,
                    "version " + declaredVersion + " of " + type + " is not known here (known: "
                            + schemas.versions(schemaName) + ")",
                    declaredVersion);
        }
        List<String> violations = schemas.violations(schemaName, version, tree);
        if (!violations.isEmpty()) {
            return new WireRecord.Rejected(
                    DeadLetterReason.SCHEMA_VIOLATION, abbreviate(String.join("; ", violations)), declaredVersion);
        }
        if (schemaName.equals(EventSchemas.WATERMARK)) {
            return watermark(tree, value, watermarkSignature, receivedAt, declaredVersion);
        }
        RawEvent raw = new RawEvent(
                tree.get("eventId").asText(),
                tree.get("userId").asText(),
                type,
                tree.get("occurredAt").asText(),
                textOrNull(tree.get("sessionId")),
                version,
                properties(tree.get("properties")));
        EventValidation validation = validator.validate(raw, receivedAt);
        if (validation instanceof EventValidation.Invalid invalid) {
            return new WireRecord.Rejected(
                    DeadLetterReason.INVALID_EVENT, abbreviate(invalid.reason()), declaredVersion);
        }
        return new WireRecord.Event(((EventValidation.Valid) validation).event(), version);
    }

    private WireRecord watermark(
            JsonNode tree, byte[] value, byte[] signature, Instant receivedAt, String declaredVersion) {
        Optional<String> refusal = watermarks.refusal(value, signature);
        if (refusal.isPresent()) {
            return new WireRecord.Rejected(DeadLetterReason.INVALID_WATERMARK, refusal.get(), declaredVersion);
        }
        List<EventProblem> problems = new ArrayList<>();
        Instant time = validator.watermark(tree.get("watermark").asText(), receivedAt, problems);
        if (time == null) {
            return new WireRecord.Rejected(
                    DeadLetterReason.INVALID_WATERMARK,
                    abbreviate(problems.stream().map(EventProblem::toString).collect(Collectors.joining("; "))),
                    declaredVersion);
        }
        return new WireRecord.Watermark(time);
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static Map<String, Object> properties(JsonNode node) {
        Map<String, Object> properties = new LinkedHashMap<>();
        node.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            Object scalar;
            if (value.isTextual()) {
                scalar = value.asText();
            } else if (value.isBoolean()) {
                scalar = value.asBoolean();
            } else if (value.isNumber()) {
                scalar = value.numberValue();
            } else {
                scalar = value.toString();
            }
            properties.put(field.getKey(), scalar);
        });
        return properties;
    }

    private static String abbreviate(String text) {
        return text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL) + "...";
    }
}
