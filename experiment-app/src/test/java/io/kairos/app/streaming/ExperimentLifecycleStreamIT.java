package io.kairos.app.streaming;

import static io.kairos.app.streaming.Workload.addToCart;
import static io.kairos.app.streaming.Workload.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.app.ExperimentRefresh;
import io.kairos.domain.experiment.AnalysisPlan;
import io.kairos.domain.experiment.DecisionWindow;
import io.kairos.domain.port.out.ExperimentRegistry;
import io.kairos.persistence.store.PostgresExperimentRegistry;
import io.kairos.streaming.consume.CommitListener;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

/**
 * A running real-time consumer follows its experiment's lifecycle in the registry, as {@code kairos stream} does
 * through {@link ExperimentRefresh}: nothing is decided while the experiment is a draft, decisions start at the start
 * instant and end at the stop instant (by event time), while state, timers and the archive keep going.
 */
class ExperimentLifecycleStreamIT {

    static final AnalysisPlan PLAN =
            new AnalysisPlan("conversion", List.of(), Duration.ofDays(3), Duration.ofDays(14), 0.05, 0.10, 0.8);

    @Test
    void givenADraftThenAStartThenAStop_whenCartsAreAbandoned_thenOnlyDecisionsInsideTheRunAreMade() throws Exception {
        AtomicReference<ExperimentRegistry> registry = new AtomicReference<>();
        AtomicReference<ExperimentRefresh> refresh = new AtomicReference<>();
        try (StreamingRig rig = new StreamingRig(
                "lifecycle", 1, Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100), engine -> engine, db -> {
                    registry.set(new PostgresExperimentRegistry(db));
                    registry.get().create(StreamingRig.ALL_REALTIME, "lifecycle", PLAN, "test");
                    refresh.set(ExperimentRefresh.of(registry.get(), StreamingRig.ALL_REALTIME.key()));
                    return refresh.get();
                })) {
            String group = "realtime-" + rig.activity;
            String key = StreamingRig.ALL_REALTIME.key();
            rig.startRealtime(CommitListener.NONE);
            rig.send(addToCart("draft-user", 0, "p-1")); // abandoned: due at 10:30, while a draft
            rig.sendWatermark(at(40));
            rig.awaitStored(group, rig.flush());
            assertThat(decidedUsers(rig)).isEmpty();

            registry.get().start(key, at(60), "test");
            rig.await(() -> refresh.get().get().window().open());
            rig.send(addToCart("before-start", 20, "p-1")); // due 10:50, before the start at 11:00
            rig.send(addToCart("after-start", 45, "p-1")); // due 11:15
            rig.send(addToCart("before-stop", 100, "p-1")); // due 12:10
            rig.sendWatermark(at(120));
            rig.awaitStored(group, rig.flush());

            registry.get().stop(key, at(140), "test");
            rig.await(() -> refresh.get().get().window().until() != null);
            rig.send(addToCart("stopping", 115, "p-1")); // due 12:25, after the stop at 12:20
            rig.send(addToCart("after-stop", 150, "p-1")); // due 13:00
            rig.sendWatermark(at(240));
            rig.awaitStored(group, rig.flush());

            assertThat(decidedUsers(rig)).containsExactlyInAnyOrder("after-start", "before-stop");
            assertThat(refresh.get().get().window()).isEqualTo(new DecisionWindow(true, at(60), at(140)));
            assertThat(rig.db.fetchValue("select count(*) from pending_timer"))
                    .as("every timer fired, decided or not")
                    .isEqualTo(0L);
        }
    }

    static List<String> decidedUsers(StreamingRig rig) {
        return rig.db.fetch("select distinct user_id from decision").getValues(0, String.class);
    }
}
