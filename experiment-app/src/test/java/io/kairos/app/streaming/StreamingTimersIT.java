package io.kairos.app.streaming;

import static io.kairos.app.streaming.Workload.addToCart;
import static io.kairos.app.streaming.Workload.at;
import static io.kairos.app.streaming.Workload.purchase;
import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.streaming.consume.CommitListener;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Absence timers on the real path (Kafka, the consumer, PostgreSQL): the cart-abandonment timer fires once the
 * partition's watermark passes due time plus grace, a purchase inside the window cancels it, a late purchase inside
 * the grace still cancels it, and a purchase later than the grace is applied and counted but cannot undo the message.
 */
class StreamingTimersIT {

    @Test
    void givenFourCarts_whenWatermarksPassDuePlusGrace_thenOnlyTheTrulyAbandonedOnesFire() throws Exception {
        try (StreamingRig rig = new StreamingRig("timers", 1, 500)) {
            rig.startRealtime(CommitListener.NONE);
            rig.send(addToCart("ann", 0, "p-1"));
            rig.send(addToCart("bob", 0, "p-1"));
            rig.send(addToCart("cara", 0, "p-1"));
            rig.send(addToCart("dave", 0, "p-1"));
            rig.send(purchase("bob", 10));
            rig.sendWatermark(at(32));
            rig.send(purchase("cara", 29));
            rig.sendWatermark(at(34));
            rig.awaitStored("realtime-" + rig.activity, rig.flush());
            assertThat(decisions(rig)).as("all due at 10:30, grace until 10:35").isEmpty();
            assertThat(pendingTimers(rig)).containsExactly("ann", "dave");

            rig.sendWatermark(at(36));
            rig.send(purchase("dave", 25));
            rig.awaitStored("realtime-" + rig.activity, rig.flush());
            assertThat(decisions(rig))
                    .containsExactly(
                            "ann|cart_abandonment|delivered|2026-11-28T10:30:00Z",
                            "dave|cart_abandonment|delivered|2026-11-28T10:30:00Z");
            assertThat(pendingTimers(rig)).isEmpty();
            assertThat(rig.registry
                            .get("kairos.stream.late.events")
                            .tag("kind", "beyond-grace")
                            .counter()
                            .count())
                    .isEqualTo(1.0);
            assertThat(rig.db.fetchValue(
                            "select (state::jsonb->>'lifetime_purchases')::int from user_state where user_id = 'dave'"))
                    .as("the late purchase still counts in state")
                    .isEqualTo(1);
        }
    }

    static List<String> decisions(StreamingRig rig) {
        return rig.db
                .fetch("select user_id, campaign_id, status, decided_at from decision order by user_id")
                .map(r -> r.get(0) + "|" + r.get(1) + "|" + r.get(2) + "|"
                        + r.get(3, OffsetDateTime.class).toInstant());
    }

    static List<String> pendingTimers(StreamingRig rig) {
        return rig.db
                .fetch("select user_id from pending_timer order by user_id")
                .map(r -> r.get(0, String.class));
    }
}
