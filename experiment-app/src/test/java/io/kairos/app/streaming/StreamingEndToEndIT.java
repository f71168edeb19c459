package io.kairos.app.streaming;

import static io.kairos.app.streaming.Workload.addToCart;
import static io.kairos.app.streaming.Workload.at;
import static io.kairos.app.streaming.Workload.purchase;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.streaming.consume.CommitListener;
import io.kairos.streaming.wire.DecisionMessages;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The whole real-time path with an ordinary Kafka producer in front: events become state, timers and a decision in
 * PostgreSQL, the decision goes out on the decisions topic with its id in a header, the outbox row is marked
 * published, the archiver lands the events, and the processing latency is recorded.
 */
class StreamingEndToEndIT {

    @Test
    void givenAnAbandonedAndABoughtCart_whenStreamed_thenOneDecisionIsStoredPublishedAndMeasured() throws Exception {
        try (StreamingRig rig = new StreamingRig("end_to_end", 2, 500)) {
            rig.startRealtime(CommitListener.NONE);
            rig.startArchiver();
            rig.startPublisher();
            rig.send(addToCart("ann", 0, "p-1"));
            rig.send(addToCart("bob", 0, "p-1"));
            rig.send(purchase("bob", 10));
            rig.sendWatermark(at(40));
            long records = rig.flush();
            rig.awaitStored("realtime-" + rig.activity, records);
            rig.awaitStored("archive-" + rig.activity, records);

            List<ConsumerRecord<byte[], byte[]>> published = rig.readAll(rig.decisions, 1);
            assertThat(published).hasSize(1);
            ConsumerRecord<byte[], byte[]> message = published.get(0);
            String decisionId = StreamingRig.header(message, DecisionMessages.DECISION_ID_HEADER);
            assertThat(new String(message.key(), StandardCharsets.UTF_8)).isEqualTo("ann");
            assertThat(rig.db.fetchValue("select decision_id::text from decision where user_id = 'ann'"))
                    .isEqualTo(decisionId);
            JsonNode body = new ObjectMapper().readTree(message.value());
            assertThat(body.get("campaignId").asText()).isEqualTo("cart_abandonment");
            assertThat(body.get("decidedAt").asText()).isEqualTo("2026-11-28T10:30:00Z");
            assertThat(body.get("payload").asText()).contains("FREESHIP");

            rig.await(() ->
                    ((Number) rig.db.fetchValue("select count(*) from decision_outbox where published_at is not null"))
                                    .intValue()
                            == 1);
            assertThat(rig.db.fetchValue("select count(*) from decision")).isEqualTo(1L);
            assertThat(rig.db.fetchValue("select count(*) from user_event")).isEqualTo(3L);
            assertThat(rig.registry
                            .get("kairos.stream.processing.latency")
                            .tag("group", "realtime-" + rig.activity)
                            .timer()
                            .count())
                    .isEqualTo(1);
        }
    }
}
