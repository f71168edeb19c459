package io.kairos.app.streaming;

import static io.kairos.app.streaming.StreamingRig.utf8;
import static io.kairos.app.streaming.Workload.addToCart;
import static io.kairos.app.streaming.Workload.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.event.UserEvent;
import io.kairos.domain.port.in.BatchRun;
import io.kairos.domain.port.in.DecisionEngine;
import io.kairos.domain.port.in.EngineResult;
import io.kairos.streaming.consume.CommitListener;
import io.kairos.streaming.consume.DeadLetterTopic;
import io.kairos.streaming.wire.DeadLetterHeaders;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The records that once stopped {@code kairos stream} for good, each sent by a hostile producer between good events
 * to the real consumer and archiver on real Kafka and PostgreSQL: each is dead-lettered with its reason, both
 * consumers go on, and the good events around it are applied, archived and decided on time.
 */
class PoisonRecordIT {

    static String pageView(String userId, String url) {
        return "{\"eventId\":\"" + Workload.id("page/" + userId + url) + "\",\"userId\":\"" + userId
                + "\",\"type\":\"page_view\",\"occurredAt\":\"2026-11-28T10:01:00Z\",\"schemaVersion\":2,"
                + "\"properties\":{\"url\":\"" + url + "\"}}";
    }

    static String watermark(String time) {
        return "{\"type\":\"watermark\",\"schemaVersion\":1,\"watermark\":\"" + time + "\"}";
    }

    /** Sends a good cart, the poison record, and another good cart; runs both consumers until all is stored. */
    static List<ConsumerRecord<byte[], byte[]>> streamBetweenGoodOnes(StreamingRig rig, byte[] key, byte[] poison)
            throws Exception {
        rig.send(addToCart("before", 0, "p-1"));
        rig.sendRaw(0, key, poison);
        rig.send(addToCart("after", 1, "p-1"));
        rig.startRealtime(CommitListener.NONE);
        rig.startArchiver();
        long records = rig.flush();
        rig.awaitStored("realtime-" + rig.activity, records);
        rig.awaitStored("archive-" + rig.activity, records);
        List<ConsumerRecord<byte[], byte[]>> letters = rig.readAll(rig.deadLetters, 1);
        assertThat(letters).hasSize(1);
        assertThat(StreamingRig.header(letters.get(0), DeadLetterHeaders.SOURCE_OFFSET))
                .isEqualTo("1");
        assertThat(rig.db.fetchValue("select count(*) from user_event where user_id in ('before', 'after')"))
                .isEqualTo(2L);
        assertThat(rig.db.fetchValue("select count(*) from user_state where user_id in ('before', 'after')"))
                .isEqualTo(2L);
        return letters;
    }

    @Test
    void givenNulInATextProperty_whenStreamed_thenDeadLetteredAsInvalidAndBothConsumersGoOn() throws Exception {
        try (StreamingRig rig = new StreamingRig("poison_nul", 1, 500)) {
            List<ConsumerRecord<byte[], byte[]>> letters =
                    streamBetweenGoodOnes(rig, utf8("nul"), utf8(pageView("nul", "/a\\u0000b")));

            assertThat(StreamingRig.header(letters.get(0), DeadLetterHeaders.REASON))
                    .isEqualTo("invalid-event");
            assertThat(StreamingRig.header(letters.get(0), DeadLetterHeaders.DETAIL))
                    .contains("properties.url")
                    .contains("control character U+0000");
        }
    }

    @Test
    void givenWatermarkWithASpaceForTheT_whenStreamed_thenDeadLetteredAsInvalidWatermark() throws Exception {
        try (StreamingRig rig = new StreamingRig("poison_space", 1, 500)) {
            List<ConsumerRecord<byte[], byte[]>> letters =
                    streamBetweenGoodOnes(rig, null, utf8(watermark("2026-12-05 12:00:00Z")));

            assertThat(StreamingRig.header(letters.get(0), DeadLetterHeaders.REASON))
                    .isEqualTo("invalid-watermark");
            assertThat(StreamingRig.header(letters.get(0), DeadLetterHeaders.DETAIL))
                    .contains("not an ISO-8601 instant");
        }
    }

    @Test
    void givenFarFutureWatermarksWithAPendingTimer_whenStreamed_thenDeadLetteredAndTheTimerFiresOnlyWhenDue()
            throws Exception {
        try (StreamingRig rig = new StreamingRig("poison_future", 1, 500)) {
            rig.send(addToCart("ann", 0, "p-1"));
            rig.sendRaw(0, null, utf8(watermark("2999-01-01T00:00:00Z")));
            rig.sendRaw(0, null, utf8(watermark("2100-01-01T00:00:00Z")));
            rig.startRealtime(CommitListener.NONE);
            rig.awaitStored("realtime-" + rig.activity, rig.flush());

            List<ConsumerRecord<byte[], byte[]>> letters = rig.readAll(rig.deadLetters, 2);
            assertThat(letters)
                    .extracting(letter -> StreamingRig.header(letter, DeadLetterHeaders.REASON))
                    .containsExactly("invalid-watermark", "invalid-watermark");
            assertThat(StreamingRig.header(letters.get(0), DeadLetterHeaders.DETAIL))
                    .contains("after reception");
            assertThat(StreamingTimersIT.decisions(rig))
                    .as("the cart is due at 10:30, its grace ends at 10:35")
                    .isEmpty();
            assertThat(StreamingTimersIT.pendingTimers(rig)).containsExactly("ann");

            rig.sendWatermark(at(36));
            rig.awaitStored("realtime-" + rig.activity, rig.flush());

            assertThat(StreamingTimersIT.decisions(rig))
                    .containsExactly("ann|cart_abandonment|delivered|2026-11-28T10:30:00Z");
        }
    }

    @Test
    void givenFutureWatermarkInTheCommitMetadata_whenAConsumerResumes_thenItIsDroppedAndTimersFireWhenDue()
            throws Exception {
        try (StreamingRig rig = new StreamingRig("poison_memo", 1, 500)) {
            rig.send(addToCart("ann", 0, "p-1"));
            rig.startRealtime(CommitListener.NONE);
            rig.awaitStored("realtime-" + rig.activity, rig.flush());
            rig.stopConsumers();
            commitMemo(rig, "realtime-" + rig.activity, 1, "watermark=2100-01-01T00:00:00Z");

            rig.send(addToCart("bob", 1, "p-1"));
            rig.startRealtime(CommitListener.NONE);
            rig.awaitStored("realtime-" + rig.activity, rig.flush());
            assertThat(StreamingTimersIT.decisions(rig)).isEmpty();

            rig.sendWatermark(at(37));
            rig.awaitStored("realtime-" + rig.activity, rig.flush());

            assertThat(StreamingTimersIT.decisions(rig))
                    .as("a restored watermark of 2100 would have kept 10:37 from firing anything")
                    .containsExactly(
                            "ann|cart_abandonment|delivered|2026-11-28T10:30:00Z",
                            "bob|cart_abandonment|delivered|2026-11-28T10:31:00Z");
        }
    }

    /** Writes a group's Kafka commit for partition 0 with this metadata, as another tool (or an old version) could. */
    static void commitMemo(StreamingRig rig, String group, long offset, String memo) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                rig.kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                group,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class))) {
            consumer.commitSync(Map.of(new TopicPartition(rig.activity, 0), new OffsetAndMetadata(offset, memo)));
        }
    }

    @Test
    void givenAMegabyteOfIncompressibleBytes_whenStreamed_thenItsDeadLetterFitsTheTopicAndCarriesItsHash()
            throws Exception {
        byte[] noise = new byte[1_000_000];
        new Random(21).nextBytes(noise);
        try (StreamingRig rig = new StreamingRig("poison_big", 1, 500)) {
            List<ConsumerRecord<byte[], byte[]>> letters = streamBetweenGoodOnes(rig, utf8("noise"), noise);

            ConsumerRecord<byte[], byte[]> letter = letters.get(0);
            assertThat(StreamingRig.header(letter, DeadLetterHeaders.REASON)).isEqualTo("oversized");
            assertThat(StreamingRig.header(letter, DeadLetterHeaders.VALUE_TRUNCATED))
                    .isEqualTo("prefix");
            assertThat(StreamingRig.header(letter, DeadLetterHeaders.VALUE_BYTES))
                    .isEqualTo("1000000");
            assertThat(StreamingRig.header(letter, DeadLetterHeaders.VALUE_SHA256))
                    .hasSize(64);
            assertThat(letter.value().length).isLessThan(DeadLetterTopic.DEFAULT_MAX_BYTES);
            assertThat(noise).startsWith(letter.value());
        }
    }

    @Test
    void givenDeadLetterTopicWithASmallerLimit_whenAnOversizedRecordIsDeadLettered_thenItGoesAsAReference()
            throws Exception {
        byte[] noise = new byte[200_000];
        new Random(12).nextBytes(noise);
        try (StreamingRig rig = new StreamingRig("poison_reference", 1, 500)) {
            try (Admin admin = Admin.create(rig.kafka.adminProperties())) {
                admin.incrementalAlterConfigs(Map.of(
                                new ConfigResource(ConfigResource.Type.TOPIC, rig.deadLetters),
                                List.of(new AlterConfigOp(
                                        new ConfigEntry("max.message.bytes", "50000"), AlterConfigOp.OpType.SET))))
                        .all()
                        .get();
            }
            List<ConsumerRecord<byte[], byte[]>> letters = streamBetweenGoodOnes(rig, utf8("noise"), noise);

            ConsumerRecord<byte[], byte[]> letter = letters.get(0);
            assertThat(StreamingRig.header(letter, DeadLetterHeaders.REASON)).isEqualTo("oversized");
            assertThat(StreamingRig.header(letter, DeadLetterHeaders.VALUE_TRUNCATED))
                    .isEqualTo("reference");
            assertThat(StreamingRig.header(letter, DeadLetterHeaders.VALUE_BYTES))
                    .isEqualTo("200000");
            assertThat(letter.value()).isNull();
        }
    }

    @Test
    void givenARecordTheRulesFailOn_whenStreamed_thenItAloneIsDeadLetteredAsProcessingFailedAndItsBatchGoesOn()
            throws Exception {
        try (StreamingRig rig = new StreamingRig(
                "poison_rules", 1, Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500), FailingFor::new)) {
            for (int i = 0; i < 5; i++) {
                rig.send(addToCart("u-" + i, 0, "p-1"));
            }
            rig.send(addToCart(FailingFor.USER, 0, "p-1"));
            for (int i = 5; i < 10; i++) {
                rig.send(addToCart("u-" + i, 0, "p-1"));
            }
            rig.startRealtime(CommitListener.NONE);
            rig.awaitStored("realtime-" + rig.activity, rig.flush());

            List<ConsumerRecord<byte[], byte[]>> letters = rig.readAll(rig.deadLetters, 1);
            assertThat(letters).hasSize(1);
            assertThat(StreamingRig.header(letters.get(0), DeadLetterHeaders.REASON))
                    .isEqualTo("processing-failed");
            assertThat(StreamingRig.header(letters.get(0), DeadLetterHeaders.SOURCE_OFFSET))
                    .isEqualTo("5");
            assertThat(StreamingRig.header(letters.get(0), DeadLetterHeaders.DETAIL))
                    .contains("IllegalStateException: the rules fail for " + FailingFor.USER);
            assertThat(StreamingTimersIT.pendingTimers(rig))
                    .as("every other cart is applied, in the failed batch too")
                    .hasSize(10)
                    .doesNotContain(FailingFor.USER);
            assertThat(rig.registry
                            .get("kairos.stream.dead.letters")
                            .tag("reason", "processing-failed")
                            .counter()
                            .count())
                    .isEqualTo(1.0);
        }
    }

    /** An engine whose rules fail on one user's events, as a fault in the rules would. */
    record FailingFor(DecisionEngine engine) implements DecisionEngine {

        static final String USER = "poison-user";

        @Override
        public EngineResult onEvent(UserEvent event) {
            if (event.userId().equals(USER)) {
                throw new IllegalStateException("the rules fail for " + USER);
            }
            return engine.onEvent(event);
        }

        @Override
        public EngineResult onWatermark(Instant watermark) {
            return engine.onWatermark(watermark);
        }

        @Override
        public EngineResult onUserPeriod(String userId, List<UserEvent> events, BatchRun run) {
            return engine.onUserPeriod(userId, events, run);
        }

        @Override
        public EngineResult onCutoff(BatchRun run) {
            return engine.onCutoff(run);
        }
    }
}
