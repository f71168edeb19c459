package io.kairos.app.streaming;

import static io.kairos.app.streaming.StreamingRig.utf8;
import static io.kairos.app.streaming.Workload.addToCart;
import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.event.EventProperties;
import io.kairos.domain.event.UserEvent;
import io.kairos.streaming.consume.CommitListener;
import io.kairos.streaming.consume.DeadLetterTopic;
import io.kairos.streaming.wire.ActivityMessages;
import io.kairos.streaming.wire.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Bad input on the real path: a table of malformed and hostile records, each between two good ones, lands in the
 * dead-letter topic with its reason, source offset and schema version, while every good record around it is applied
 * and archived; nothing halts.
 */
class StreamingDeadLetterIT {

    /** One hostile record: its value, its key, and the reason and schema version the DLQ must name. */
    record Hostile(String what, byte[] key, byte[] value, String reason, String schemaVersion) {}

    static String purchaseJson(String userId, String occurredAt, int version, String properties) {
        return "{\"eventId\":\"" + Workload.id("hostile/" + properties + occurredAt + version) + "\",\"userId\":\""
                + userId + "\",\"type\":\"purchase\",\"occurredAt\":\"" + occurredAt + "\",\"schemaVersion\":"
                + version + ",\"properties\":" + properties + "}";
    }

    static List<Hostile> table(UserEvent firstGood) {
        String ok = "{\"order_id\":\"o-1\",\"revenue\":12.5,\"currency\":\"EUR\"}";
        String when = "2026-11-28T10:05:00Z";
        String big = "{\"order_id\":\"" + "x".repeat(2 * 1024 * 1024) + "\",\"revenue\":1,\"currency\":\"EUR\"}";
        return List.of(
                new Hostile("not JSON", utf8("h1"), utf8("<xml>hello</xml>"), "not-json", "unknown"),
                new Hostile(
                        "wrong types",
                        utf8("h1"),
                        utf8(purchaseJson("h1", when, 2, "{\"order_id\":7,\"revenue\":\"12\",\"currency\":\"EUR\"}")),
                        "schema-violation",
                        "2"),
                new Hostile(
                        "missing userId",
                        utf8("h1"),
                        utf8(purchaseJson("h1", when, 2, ok).replace("\"userId\":\"h1\",", "")),
                        "schema-violation",
                        "2"),
                new Hostile(
                        "unknown event type",
                        utf8("h1"),
                        utf8(purchaseJson("h1", when, 2, ok).replace("\"purchase\"", "\"Order Placed!\"")),
                        "unknown-event-type",
                        "2"),
                new Hostile(
                        "future schema version",
                        utf8("h1"),
                        utf8(purchaseJson("h1", when, 3, ok)),
                        "unknown-schema-version",
                        "3"),
                new Hostile(
                        "year 3000",
                        utf8("h1"),
                        utf8(purchaseJson("h1", "3000-01-01T00:00:00Z", 2, ok)),
                        "invalid-event",
                        "2"),
                new Hostile(
                        "year 1970",
                        utf8("h1"),
                        utf8(purchaseJson("h1", "1970-01-01T00:00:00Z", 2, ok)),
                        "invalid-event",
                        "2"),
                new Hostile("2 MB payload", utf8("h1"), utf8(purchaseJson("h1", when, 2, big)), "oversized", "unknown"),
                new Hostile(
                        "duplicate eventId",
                        utf8(firstGood.userId()),
                        ActivityMessages.event(firstGood),
                        "duplicate-event",
                        "2"),
                new Hostile("null key", null, utf8(purchaseJson("h1", when, 2, ok)), "key-mismatch", "2"),
                new Hostile(
                        "invalid UTF-8",
                        utf8("h1"),
                        new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'},
                        "invalid-utf8",
                        "unknown"),
                new Hostile(
                        "SQL in a property name",
                        utf8("h1"),
                        utf8(purchaseJson("h1", when, 2, ok.replace("}", ",\"x'); drop table user_event; --\":1}"))),
                        "schema-violation",
                        "2"),
                new Hostile(
                        "lower-case currency",
                        utf8("h1"),
                        utf8(purchaseJson("h1", when, 2, ok.replace("EUR", "eur"))),
                        "schema-violation",
                        "2"),
                new Hostile(
                        "NaN revenue",
                        utf8("h1"),
                        utf8(purchaseJson("h1", when, 2, ok.replace("12.5", "NaN"))),
                        "not-json",
                        "unknown"));
    }

    @Test
    void givenHostileRecordsBetweenGoodOnes_whenStreamed_thenEachIsDeadLetteredWithItsReasonAndTheGoodOnesApplied()
            throws Exception {
        try (StreamingRig rig = new StreamingRig("dead_letters", 1, 500)) {
            UserEvent sqlLooking = new UserEvent(
                    Workload.id("sql-looking"),
                    "g-sql",
                    Workload.at(1),
                    null,
                    new EventProperties.AddToCart("'); drop table user_state; --", 1, 5.0, "\"; delete from decision"));
            List<UserEvent> good = new ArrayList<>();
            good.add(addToCart("g-0", 0, "p-0"));
            good.add(sqlLooking);
            List<Hostile> table = table(good.get(0));
            for (int i = 0; i < table.size(); i++) {
                good.add(addToCart("g-" + (i + 1), 2, "p-" + i));
            }
            rig.send(good.get(0));
            rig.send(good.get(1));
            for (int i = 0; i < table.size(); i++) {
                rig.sendRaw(0, table.get(i).key(), table.get(i).value());
                rig.send(good.get(i + 2));
            }
            rig.startRealtime(CommitListener.NONE);
            rig.startArchiver();
            long records = rig.flush();
            rig.awaitStored("realtime-" + rig.activity, records);
            rig.awaitStored("archive-" + rig.activity, records);

            List<ConsumerRecord<byte[], byte[]>> letters = rig.readAll(rig.deadLetters, table.size());
            assertThat(letters).hasSize(table.size());
            for (int i = 0; i < table.size(); i++) {
                Hostile hostile = table.get(i);
                ConsumerRecord<byte[], byte[]> letter = letters.get(i);
                assertThat(StreamingRig.header(letter, DeadLetterHeaders.REASON))
                        .as(hostile.what())
                        .isEqualTo(hostile.reason());
                assertThat(StreamingRig.header(letter, DeadLetterHeaders.SCHEMA_VERSION))
                        .as(hostile.what())
                        .isEqualTo(hostile.schemaVersion());
                assertThat(StreamingRig.header(letter, DeadLetterHeaders.SOURCE_OFFSET))
                        .as(hostile.what())
                        .isEqualTo(Long.toString(2L + 2L * i));
                assertThat(StreamingRig.header(letter, DeadLetterHeaders.SOURCE_PARTITION))
                        .isEqualTo("0");
                assertThat(StreamingRig.header(letter, DeadLetterHeaders.DETAIL))
                        .isNotBlank();
                if (hostile.value().length > DeadLetterTopic.DEFAULT_MAX_BYTES) {
                    assertThat(StreamingRig.header(letter, DeadLetterHeaders.VALUE_TRUNCATED))
                            .isEqualTo("prefix");
                    assertThat(StreamingRig.header(letter, DeadLetterHeaders.VALUE_BYTES))
                            .isEqualTo(Integer.toString(hostile.value().length));
                    assertThat(StreamingRig.header(letter, DeadLetterHeaders.VALUE_SHA256))
                            .isEqualTo(HexFormat.of()
                                    .formatHex(
                                            MessageDigest.getInstance("SHA-256").digest(hostile.value())));
                    assertThat(letter.value().length).isLessThan(DeadLetterTopic.DEFAULT_MAX_BYTES);
                    assertThat(hostile.value()).startsWith(letter.value());
                } else {
                    assertThat(letter.value()).as(hostile.what()).isEqualTo(hostile.value());
                    assertThat(letter.headers().lastHeader(DeadLetterHeaders.VALUE_TRUNCATED))
                            .isNull();
                }
            }
            assertThat(rig.db.fetchValue("select count(*) from user_state")).isEqualTo((long) good.size());
            assertThat(rig.db.fetchValue("select count(*) from user_event")).isEqualTo((long) good.size());
            assertThat(rig.db.fetchValue("select properties->>'product_id' from user_event where user_id = 'g-sql'"))
                    .isEqualTo("'); drop table user_state; --");
            assertThat(rig.registry
                            .get("kairos.stream.dead.letters")
                            .tag("group", "realtime-" + rig.activity)
                            .tag("reason", "schema-violation")
                            .counter()
                            .count())
                    .isEqualTo(4.0);
            assertThat(new String(letters.get(0).value(), StandardCharsets.UTF_8))
                    .isEqualTo("<xml>hello</xml>");
        }
    }
}
