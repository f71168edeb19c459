package io.kairos.app.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.event.EventValidator;
import io.kairos.domain.event.UserEvent;
import io.kairos.streaming.consume.CommitListener;
import io.kairos.streaming.wire.DeadLetterHeaders;
import io.kairos.streaming.wire.DeadLetterReason;
import io.kairos.streaming.wire.EventDecoder;
import io.kairos.streaming.wire.EventSchemas;
import io.kairos.streaming.wire.WireRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Fuzzing the real pipeline as a hostile producer would: arbitrary bytes, JSON events with one part replaced by an
 * arbitrary value, watermarks in every form a date-time can take, and values up to the broker's size limit, each
 * between good events, sent to a real broker and consumed by the real real-time consumer and archiver writing to
 * PostgreSQL. Whatever arrives, neither consumer stops, every record is either taken (archived, or a watermark) or
 * dead-lettered with a reason, and the good events around it are archived and start their carts' timers.
 */
class StreamingFuzzIT {

    private static final Set<String> REASONS = Arrays.stream(DeadLetterReason.values())
            .map(DeadLetterReason::wireName)
            .collect(Collectors.toSet());
    private static final EventDecoder DECODER =
            new EventDecoder(EventSchemas.load(), EventValidator.standard(), 64 * 1024);

    private static StreamingRig rig;
    private static int tryNumber;

    /** One record a hostile producer sends: its key (null for none) and value. */
    record Hostile(byte[] key, byte[] value) {
        @Override
        public String toString() {
            String text = new String(value, StandardCharsets.UTF_8);
            return (key == null ? "null" : new String(key, StandardCharsets.UTF_8)) + " -> "
                    + (text.length() > 300 ? text.substring(0, 300) + "... (" + value.length + " bytes)" : text);
        }
    }

    @BeforeContainer
    static void startTheConsumers() {
        rig = new StreamingRig("fuzz", 1, 500);
        rig.startRealtime(CommitListener.NONE);
        rig.startArchiver();
    }

    @AfterContainer
    static void stopTheConsumers() throws Exception {
        rig.close();
    }

    @Property(tries = 40, shrinking = ShrinkingMode.OFF)
    void givenArbitraryRecordsBetweenGoodEvents_whenStreamed_thenNothingHaltsAndEveryRecordIsTakenOrDeadLettered(
            @ForAll("hostileRecords") @Size(min = 1, max = 4) List<Hostile> hostile) throws Exception {
        tryNumber++;
        long start = rig.flush();
        long lettersBefore = rig.endOffsets(rig.deadLetters);
        List<UserEvent> good = new ArrayList<>();
        Map<Long, Hostile> hostileAt = new HashMap<>();
        long offset = start;
        for (int i = 0; i <= hostile.size(); i++) {
            UserEvent cart = Workload.addToCart("good-" + tryNumber + "-" + i, i, "p-" + i);
            good.add(cart);
            rig.send(cart);
            offset++;
            if (i < hostile.size()) {
                rig.sendRaw(0, hostile.get(i).key(), hostile.get(i).value());
                hostileAt.put(offset++, hostile.get(i));
            }
        }
        long end = rig.flush();
        assertThat(end).isEqualTo(offset);
        rig.awaitStored("realtime-" + rig.activity, end);
        rig.awaitStored("archive-" + rig.activity, end);

        Map<Long, ConsumerRecord<byte[], byte[]>> letters = lettersFrom(lettersBefore);
        for (Map.Entry<Long, Hostile> sent : hostileAt.entrySet()) {
            ConsumerRecord<byte[], byte[]> letter = letters.get(sent.getKey());
            if (letter != null) {
                assertThat(StreamingRig.header(letter, DeadLetterHeaders.REASON))
                        .as(sent.getValue().toString())
                        .isIn(REASONS);
                assertThat(StreamingRig.header(letter, DeadLetterHeaders.DETAIL))
                        .as(sent.getValue().toString())
                        .isNotBlank();
                continue;
            }
            WireRecord taken =
                    DECODER.decode(sent.getValue().key(), sent.getValue().value(), 0, 1, Instant.now());
            assertThat(taken)
                    .as("neither dead-lettered nor taken: " + sent.getValue())
                    .isNotInstanceOf(WireRecord.Rejected.class);
            if (taken instanceof WireRecord.Event event) {
                assertThat(rig.db.fetchValue(
                                "select count(*) from user_event where event_id = ?",
                                event.event().eventId()))
                        .as("archived: " + sent.getValue())
                        .isEqualTo(1L);
            }
        }
        for (UserEvent cart : good) {
            assertThat(rig.db.fetchValue("select count(*) from user_event where event_id = ?", cart.eventId()))
                    .isEqualTo(1L);
            assertThat(rig.db.fetchValue(
                            "select (select count(*) from pending_timer where user_id = ?)"
                                    + " + (select count(*) from decision where user_id = ?)",
                            cart.userId(),
                            cart.userId()))
                    .as("the cart of %s started its timer, or its timer fired", cart.userId())
                    .isEqualTo(1L);
        }
    }

    /** The dead letters from {@code first} to the end of the topic, by source offset. */
    private static Map<Long, ConsumerRecord<byte[], byte[]>> lettersFrom(long first) {
        Map<Long, ConsumerRecord<byte[], byte[]>> letters = new HashMap<>();
        TopicPartition partition = new TopicPartition(rig.deadLetters, 0);
        try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                rig.kafka.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class))) {
            reader.assign(List.of(partition));
            reader.seek(partition, first);
            long end = reader.endOffsets(List.of(partition)).get(partition);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (reader.position(partition) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> letter : reader.poll(Duration.ofMillis(200))) {
                    String source = StreamingRig.header(letter, DeadLetterHeaders.SOURCE_OFFSET);
                    letters.put(Long.parseLong(source), letter);
                }
            }
        }
        return letters;
    }

    @Provide
    Arbitrary<List<Hostile>> hostileRecords() {
        return Arbitraries.frequencyOf(
                        Tuple.of(3, mutatedEvents()),
                        Tuple.of(2, watermarks()),
                        Tuple.of(2, rawBytes()),
                        Tuple.of(2, arbitraryJson()),
                        Tuple.of(1, large()))
                .list();
    }

    /** Any bytes, under any key. */
    static Arbitrary<Hostile> rawBytes() {
        return Combinators.combine(
                        keys(), Arbitraries.bytes().array(byte[].class).ofMaxSize(400))
                .as(Hostile::new);
    }

    /** Any JSON value, some of them looking like events. */
    static Arbitrary<Hostile> arbitraryJson() {
        return Combinators.combine(keys(), jsonValue(3)).as((key, json) -> new Hostile(key, utf8(json)));
    }

    /** A valid event of some type with one field replaced by an arbitrary value, or removed, or one added. */
    static Arbitrary<Hostile> mutatedEvents() {
        Arbitrary<Map<String, String>> template = Arbitraries.of(
                eventFields("page_view", "{\"url\":\"/home\",\"category\":\"shoes\"}"),
                eventFields("product_view", "{\"product_id\":\"p-1\",\"category\":\"shoes\",\"price\":10.5}"),
                eventFields(
                        "add_to_cart",
                        "{\"product_id\":\"p-1\",\"quantity\":1,\"unit_price\":40.0,\"category\":\"shoes\"}"),
                eventFields("purchase", "{\"order_id\":\"o-1\",\"revenue\":40.0,\"currency\":\"EUR\"}"),
                eventFields("message_clicked", "{\"message_id\":\"m-1\"}"),
                eventFields("profile_updated", "{\"time_zone\":\"Europe/Paris\"}"),
                eventFields("video_paused", "{\"title\":\"Dune\",\"seconds\":12}"));
        Arbitrary<String> field = Arbitraries.of(
                "eventId", "userId", "type", "occurredAt", "sessionId", "schemaVersion", "properties", "extra");
        Arbitrary<String> propertyName = Arbitraries.of(
                "url",
                "category",
                "product_id",
                "quantity",
                "unit_price",
                "price",
                "revenue",
                "currency",
                "order_id",
                "message_id",
                "time_zone",
                "title",
                "seconds",
                "x");
        return Combinators.combine(
                        template,
                        field,
                        propertyName,
                        jsonValue(2),
                        Arbitraries.integers().between(0, 3))
                .as((fields, name, property, value, how) -> {
                    Map<String, String> event = new LinkedHashMap<>(fields);
                    String userId = unquoted(event.get("userId"));
                    switch (how) {
                        case 0 -> event.put(name, value);
                        case 1 -> event.remove(name);
                        case 2 -> event.put("properties", withProperty(event.get("properties"), property, value));
                        default ->
                            event.put("properties", withProperty(event.get("properties"), property, jsonString(value)));
                    }
                    StringBuilder json = new StringBuilder("{");
                    event.forEach((k, v) ->
                            json.append(jsonString(k)).append(':').append(v).append(','));
                    json.setLength(json.length() - 1);
                    return new Hostile(
                            utf8(userId == null ? "u" : userId),
                            utf8(json.append('}').toString()));
                });
    }

    /** Watermark records whose time takes every form a date-time (or something like one) can take. */
    static Arbitrary<Hostile> watermarks() {
        Arbitrary<String> time = Arbitraries.oneOf(
                Combinators.combine(
                                Arbitraries.integers().between(0, 10_999),
                                Arbitraries.integers().between(0, 13),
                                Arbitraries.integers().between(0, 32),
                                Arbitraries.integers().between(0, 25),
                                Arbitraries.integers().between(0, 61),
                                Arbitraries.of("T", "t", " ", "_"),
                                Arbitraries.of("Z", "z", "+00:00", "-14:00", "+14:00", "", "+5", ".123456789012Z"))
                        .as((year, month, day, hour, second, separator, zone) -> String.format(
                                "%04d-%02d-%02d%s%02d:00:%02d%s", year, month, day, separator, hour, second, zone)),
                Arbitraries.of(
                        "2026-12-05 12:00:00Z",
                        "2999-01-01T00:00:00Z",
                        "2100-01-01T00:00:00Z",
                        "+1000000000-12-31T23:59:59Z",
                        "-999999999-01-01T00:00:00Z",
                        "1969-12-31T23:59:59Z",
                        "2026-11-28T10:40:00Z",
                        "2026-11-28T10:40:00.5+01:00"),
                Arbitraries.strings().ofMaxLength(40));
        return Combinators.combine(time, Arbitraries.of("\"test\"", "7", "null", ""))
                .as((at, source) -> new Hostile(
                        null,
                        utf8("{\"type\":\"watermark\",\"schemaVersion\":1,\"watermark\":" + jsonString(at)
                                + (source.isEmpty() ? "" : ",\"source\":" + source) + "}")));
    }

    /** Values from the record limit to the broker's: incompressible text padding a page view. */
    static Arbitrary<Hostile> large() {
        return Combinators.combine(Arbitraries.integers().between(60_000, 1_000_000), Arbitraries.longs())
                .as((size, seed) -> {
                    Random random = new Random(seed);
                    StringBuilder url = new StringBuilder(size);
                    while (url.length() < size) {
                        url.append((char) ('!' + random.nextInt(90)));
                    }
                    String padded = url.toString().replace("\"", "a").replace("\\", "b");
                    String json =
                            "{\"eventId\":\"" + UUID.randomUUID() + "\",\"userId\":\"big\",\"type\":\"page_view\","
                                    + "\"occurredAt\":\"2026-11-28T10:00:00Z\",\"schemaVersion\":2,"
                                    + "\"properties\":{\"url\":\"" + padded + "\"}}";
                    return new Hostile(utf8("big"), utf8(json));
                });
    }

    static Arbitrary<byte[]> keys() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(utf8("u"))),
                Tuple.of(1, Arbitraries.just((byte[]) null)),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(20).map(StreamingFuzzIT::utf8)));
    }

    /** A JSON value, nested up to {@code depth}, as text; strings may hold any character, escaped or raw. */
    static Arbitrary<String> jsonValue(int depth) {
        Arbitrary<String> scalar = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(30).map(StreamingFuzzIT::jsonString),
                Arbitraries.strings().all().ofMaxLength(10).map(text -> "\"" + text + "\""),
                Arbitraries.of(
                        "0",
                        "-0",
                        "1",
                        "-1",
                        "1e308",
                        "1e400",
                        "-1e400",
                        "1e-400",
                        "123456789012345678901234567890",
                        "0.1",
                        "1.5",
                        "9007199254740993",
                        "true",
                        "false",
                        "null",
                        "NaN",
                        "\"\"",
                        "\" \""),
                Arbitraries.doubles().map(Object::toString),
                Arbitraries.longs().map(Object::toString));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<String> array =
                jsonValue(depth - 1).list().ofMaxSize(3).map(items -> "[" + String.join(",", items) + "]");
        Arbitrary<String> object = Combinators.combine(
                        Arbitraries.strings().all().ofMaxLength(8).list().ofMaxSize(3),
                        jsonValue(depth - 1).list().ofSize(3))
                .as((names, values) -> {
                    StringBuilder json = new StringBuilder("{");
                    for (int i = 0; i < names.size(); i++) {
                        json.append(jsonString(names.get(i)))
                                .append(':')
                                .append(values.get(i))
                                .append(',');
                    }
                    if (json.length() > 1) {
                        json.setLength(json.length() - 1);
                    }
                    return json.append('}').toString();
                });
        return Arbitraries.frequencyOf(Tuple.of(4, scalar), Tuple.of(1, array), Tuple.of(1, object));
    }

    private static Map<String, String> eventFields(String type, String properties) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("eventId", jsonString(UUID.nameUUIDFromBytes(utf8(type)).toString()));
        fields.put("userId", jsonString("u"));
        fields.put("type", jsonString(type));
        fields.put("occurredAt", jsonString("2026-11-28T10:00:00Z"));
        fields.put("sessionId", jsonString("s-1"));
        fields.put("schemaVersion", type.equals("video_paused") ? "1" : "2");
        fields.put("properties", properties);
        return fields;
    }

    private static String withProperty(String properties, String name, String value) {
        String body = properties.substring(1, properties.length() - 1);
        return "{" + body + (body.isEmpty() ? "" : ",") + jsonString(name) + ":" + value + "}";
    }

    private static String unquoted(String json) {
        return json == null || json.length() < 2 ? null : json.substring(1, json.length() - 1);
    }

    /** A JSON string literal of any text: quotes, backslashes and every control character or surrogate escaped. */
    static String jsonString(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c) || c == 0x7f) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
