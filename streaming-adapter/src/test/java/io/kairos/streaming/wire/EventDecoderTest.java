package io.kairos.streaming.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.event.EventProperties;
import io.kairos.domain.event.EventValidator;
import io.kairos.domain.event.UserEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The decoder's checks, in order, on one record each: what is accepted, and why everything else is rejected. */
class EventDecoderTest {

    static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    static final int PARTITIONS = 1;
    static final EventDecoder DECODER = new EventDecoder(EventSchemas.load(), EventValidator.standard(), 64 * 1024);

    static String purchase(String userId, String properties) {
        return "{\"eventId\":\"" + UUID.randomUUID() + "\",\"userId\":\"" + userId
                + "\",\"type\":\"purchase\",\"occurredAt\":\"2026-11-28T09:00:00Z\",\"schemaVersion\":2,"
                + "\"properties\":" + properties + "}";
    }

    static WireRecord decode(String key, byte[] value) {
        return DECODER.decode(key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, 0, PARTITIONS, NOW);
    }

    static Stream<Arguments> hostileRecords() {
        String good = "{\"order_id\":\"o-1\",\"revenue\":12.5,\"currency\":\"EUR\"}";
        return Stream.of(
                Arguments.of("not JSON", "u1", "hello, world", DeadLetterReason.NOT_JSON),
                Arguments.of("a JSON array", "u1", "[1,2,3]", DeadLetterReason.NOT_JSON),
                Arguments.of(
                        "duplicate JSON keys",
                        "u1",
                        purchase("u1", good).replace("{\"eventId\"", "{\"userId\":\"u2\",\"eventId\""),
                        DeadLetterReason.NOT_JSON),
                Arguments.of(
                        "wrong type of revenue",
                        "u1",
                        purchase("u1", "{\"order_id\":\"o-1\",\"revenue\":\"12\",\"currency\":\"EUR\"}"),
                        DeadLetterReason.SCHEMA_VIOLATION),
                Arguments.of(
                        "missing userId",
                        "u1",
                        purchase("u1", good).replace("\"userId\":\"u1\",", ""),
                        DeadLetterReason.SCHEMA_VIOLATION),
                Arguments.of(
                        "unknown event type",
                        "u1",
                        purchase("u1", good).replace("\"purchase\"", "\"Purchase Completed!\""),
                        DeadLetterReason.UNKNOWN_EVENT_TYPE),
                Arguments.of(
                        "future schema version",
                        "u1",
                        purchase("u1", good).replace("\"schemaVersion\":2", "\"schemaVersion\":3"),
                        DeadLetterReason.UNKNOWN_SCHEMA_VERSION),
                Arguments.of(
                        "year 3000",
                        "u1",
                        purchase("u1", good).replace("2026-11-28T09", "3000-01-01T00"),
                        DeadLetterReason.INVALID_EVENT),
                Arguments.of(
                        "year 1970",
                        "u1",
                        purchase("u1", good).replace("2026-11-28T09", "1970-01-01T00"),
                        DeadLetterReason.INVALID_EVENT),
                Arguments.of(
                        "SQL in a property name",
                        "u1",
                        purchase("u1", good.replace("}", ",\"x'); drop table user_event; --\":1}")),
                        DeadLetterReason.SCHEMA_VIOLATION),
                Arguments.of("null key", null, purchase("u1", good), DeadLetterReason.KEY_MISMATCH),
                Arguments.of("key is another user", "u2", purchase("u1", good), DeadLetterReason.KEY_MISMATCH),
                Arguments.of("empty value", "u1", "", DeadLetterReason.NOT_JSON));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileRecords")
    void givenAHostileRecord_whenDecoded_thenRejectedWithItsReason(
            String what, String key, String value, DeadLetterReason reason) {
        WireRecord decoded = decode(key, value.getBytes(StandardCharsets.UTF_8));
        assertThat(decoded).isInstanceOf(WireRecord.Rejected.class);
        assertThat(((WireRecord.Rejected) decoded).reason())
                .as(decoded.toString())
                .isEqualTo(reason);
    }

    @Test
    void givenInvalidUtf8AndAnOversizedValue_whenDecoded_thenRejectedBeforeParsing() {
        byte[] invalid = {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertThat(decode("u1", invalid))
                .isEqualTo(new WireRecord.Rejected(
                        DeadLetterReason.INVALID_UTF8,
                        ((WireRecord.Rejected) decode("u1", invalid)).detail(),
                        "unknown"));
        byte[] huge = new byte[2 * 1024 * 1024];
        Arrays.fill(huge, (byte) ' ');
        assertThat(((WireRecord.Rejected) decode("u1", huge)).reason()).isEqualTo(DeadLetterReason.OVERSIZED);
    }

    @Test
    void givenAVersionOnePurchase_whenDecoded_thenUpcastToRevenueAndTheLegacyCurrency() {
        String v1 = purchase("u1", "{\"order_id\":\"o-1\",\"amount\":30}")
                .replace("\"schemaVersion\":2", "\"schemaVersion\":1");
        WireRecord decoded = decode("u1", v1.getBytes(StandardCharsets.UTF_8));
        assertThat(decoded).isInstanceOf(WireRecord.Event.class);
        WireRecord.Event event = (WireRecord.Event) decoded;
        assertThat(event.schemaVersion()).isEqualTo(1);
        assertThat(event.event().properties()).isEqualTo(new EventProperties.Purchase("o-1", 30, "EUR"));
    }

    @Test
    void givenAnEventWrittenByActivityMessages_whenDecoded_thenTheSameEventComesBack() {
        UserEvent event = new UserEvent(
                UUID.randomUUID(),
                "u1",
                Instant.parse("2026-11-28T09:30:00Z"),
                "s-1",
                new EventProperties.AddToCart("'; drop table user_state; --", 2, 19.9, "shoes"));
        WireRecord decoded = decode("u1", ActivityMessages.event(event));
        assertThat(decoded).isEqualTo(new WireRecord.Event(event, 2));
    }

    @Test
    void givenAWatermarkRecordWithoutKey_whenDecoded_thenAWatermark() {
        Instant at = Instant.parse("2026-11-28T09:45:00Z");
        assertThat(decode(null, ActivityMessages.watermark(at, "test"))).isEqualTo(new WireRecord.Watermark(at));
    }

    static byte[] watermarkAt(String time) {
        return ("{\"type\":\"watermark\",\"schemaVersion\":1,\"watermark\":\"" + time + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            2026-11-28 10:00:00Z      | not an ISO-8601 instant
            2999-01-01T00:00:00Z      | after reception
            2100-01-01T00:00:00Z      | after reception
            2026-11-28T10:05:01Z      | after reception
            1999-12-31T23:59:59Z      | before 2000-01-01
            """)
    void givenAWatermarkAnEventCouldNotCarry_whenDecoded_thenRejectedAsInvalidWatermark(String time, String reason) {
        WireRecord decoded = decode(null, watermarkAt(time));

        assertThat(decoded).isInstanceOfSatisfying(WireRecord.Rejected.class, rejected -> {
            assertThat(rejected.reason()).isEqualTo(DeadLetterReason.INVALID_WATERMARK);
            assertThat(rejected.detail()).startsWith("watermark: ").contains(reason);
        });
    }

    @Test
    void givenAWatermarkWithAnOffsetWithinTheSkew_whenDecoded_thenItsInstant() {
        assertThat(decode(null, watermarkAt("2026-11-28T11:04:00+01:00")))
                .isEqualTo(new WireRecord.Watermark(Instant.parse("2026-11-28T10:04:00Z")));
    }

    @Test
    void givenWatermarksRefused_whenAWatermarkIsDecoded_thenRejectedSayingWhy() {
        EventDecoder refusing = new EventDecoder(
                EventSchemas.load(), EventValidator.standard(), 64 * 1024, new WatermarkPolicy(false, ""));

        WireRecord decoded = refusing.decode(null, watermarkAt("2026-11-28T09:00:00Z"), 0, PARTITIONS, NOW);

        assertThat(decoded).isInstanceOfSatisfying(WireRecord.Rejected.class, rejected -> {
            assertThat(rejected.reason()).isEqualTo(DeadLetterReason.INVALID_WATERMARK);
            assertThat(rejected.detail()).contains("accept-watermarks=false");
        });
    }

    @Test
    void givenASecret_whenWatermarksAreDecoded_thenOnlyTheSignedOnesAreAdmitted() {
        WatermarkPolicy policy = new WatermarkPolicy(true, "s3cret");
        EventDecoder signed = new EventDecoder(EventSchemas.load(), EventValidator.standard(), 64 * 1024, policy);
        byte[] value = watermarkAt("2026-11-28T09:00:00Z");
        byte[] signature = policy.sign(value).getBytes(StandardCharsets.US_ASCII);
        byte[] forged = new WatermarkPolicy(true, "guess").sign(value).getBytes(StandardCharsets.US_ASCII);

        assertThat(signed.decode(null, value, signature, 0, PARTITIONS, NOW))
                .isEqualTo(new WireRecord.Watermark(Instant.parse("2026-11-28T09:00:00Z")));
        assertThat(signed.decode(null, value, null, 0, PARTITIONS, NOW))
                .isInstanceOfSatisfying(
                        WireRecord.Rejected.class, r -> assertThat(r.detail()).startsWith("unsigned"));
        assertThat(signed.decode(null, value, forged, 0, PARTITIONS, NOW))
                .isInstanceOfSatisfying(
                        WireRecord.Rejected.class, r -> assertThat(r.detail()).contains("does not match"));
    }

    @Test
    void givenHmacTestVector_whenSigned_thenTheRfc4231Value() {
        // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?".
        assertThat(new WatermarkPolicy(true, "Jefe")
                        .sign("what do ya want for nothing?".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void givenAUserOnTheWrongPartition_whenDecoded_thenRejectedAsPartitionMismatch() {
        String user = "user-7";
        int home = EventDecoder.partitionOf(user, 4);
        String value = purchase(user, "{\"order_id\":\"o-1\",\"revenue\":1,\"currency\":\"EUR\"}");
        WireRecord decoded = DECODER.decode(
                user.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8), (home + 1) % 4, 4, NOW);
        assertThat(((WireRecord.Rejected) decoded).reason()).isEqualTo(DeadLetterReason.PARTITION_MISMATCH);
    }
}
