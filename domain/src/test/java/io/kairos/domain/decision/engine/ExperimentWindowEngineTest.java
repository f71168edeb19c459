package io.kairos.domain.decision.engine;

import static io.kairos.domain.event.TestEvents.addToCart;
import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.campaign.CampaignFile;
import io.kairos.domain.campaign.CampaignTimeline;
import io.kairos.domain.decision.Decision;
import io.kairos.domain.experiment.DecisionWindow;
import io.kairos.domain.experiment.Experiment;
import io.kairos.domain.experiment.ExperimentInForce;
import io.kairos.domain.experiment.LayerRange;
import io.kairos.domain.port.in.BatchRun;
import io.kairos.domain.port.out.inmemory.InMemoryTimerStore;
import io.kairos.domain.port.out.inmemory.InMemoryUserStateStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The experiment's lifecycle and layer gate what the engine decides, the same way in both modes: a draft decides
 * nothing, a running experiment decides from its start, a stopped one only before its stop (by the decision's event
 * time), and an experiment in a layer decides only for the users its range enrols.
 */
class ExperimentWindowEngineTest {

    static final Experiment EXPERIMENT = Experiment.batchVersusRealtime("checkout-2026", "s3cr3t-salt");
    static final Instant T10 = Instant.parse("2026-11-28T10:00:00Z");
    static final BatchRun NIGHTLY =
            new BatchRun(Instant.parse("2026-11-29T02:00:00Z"), Instant.parse("2026-11-29T09:00:00Z"));
    static final EngineSettings SETTINGS = new EngineSettings(Duration.ofMinutes(1), ZoneOffset.UTC);

    final AtomicReference<DecisionWindow> window = new AtomicReference<>(DecisionWindow.ALWAYS);

    CampaignEngine engine(Experiment experiment) {
        CampaignTimeline campaigns = CampaignTimeline.only(CampaignFile.defaults());
        return new CampaignEngine(
                () -> campaigns,
                () -> new ExperimentInForce(experiment, window.get()),
                SETTINGS,
                new InMemoryUserStateStore(),
                new InMemoryTimerStore());
    }

    /** Carts of {@code users} at 10:00, 10:10, ... (one per user), abandoned, decided 30 minutes later. */
    List<Decision> realtime(Experiment experiment, int users) {
        CampaignEngine engine = engine(experiment);
        for (int i = 0; i < users; i++) {
            engine.onEvent(addToCart("a-" + i, "user-" + i, T10.plus(Duration.ofMinutes(10L * i)), "p-1", 1, 25));
        }
        return engine.onWatermark(T10.plus(Duration.ofDays(1))).decisions();
    }

    List<Decision> batch(Experiment experiment, int users) {
        CampaignEngine engine = engine(experiment);
        List<Decision> decisions = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            String user = "user-" + i;
            decisions.addAll(engine.onUserPeriod(
                            user,
                            List.of(addToCart("a-" + i, user, T10.plus(Duration.ofMinutes(10L * i)), "p-1", 1, 25)),
                            NIGHTLY)
                    .decisions());
        }
        return decisions;
    }

    @Test
    void givenADraft_whenCartsAreAbandoned_thenNeitherModeDecides() {
        window.set(DecisionWindow.NEVER);

        assertThat(realtime(EXPERIMENT, 6)).isEmpty();
        assertThat(batch(EXPERIMENT, 6)).isEmpty();
    }

    @Test
    void givenAStartAndAStop_whenDecided_thenBothModesDecideExactlyTheDecisionsInsideTheWindow() {
        // decisions at 10:30, 10:40, ..., 11:20: the window [10:40, 11:10) covers 10:40, 10:50 and 11:00
        window.set(new DecisionWindow(true, T10.plus(Duration.ofMinutes(40)), T10.plus(Duration.ofMinutes(70))));

        List<Decision> realtime = realtime(EXPERIMENT, 6);
        List<Decision> batch = batch(EXPERIMENT, 6);

        assertThat(realtime)
                .extracting(Decision::decidedAt)
                .containsExactlyInAnyOrder(
                        T10.plus(Duration.ofMinutes(40)),
                        T10.plus(Duration.ofMinutes(50)),
                        T10.plus(Duration.ofMinutes(60)));
        assertThat(batch).extracting(Decision::id).containsExactlyInAnyOrderElementsOf(ids(realtime));
    }

    @Test
    void givenAStopLearnedWhileRunning_whenLaterDecisionsFall_thenNoneIsMadeAfterTheStop() {
        CampaignEngine engine = engine(EXPERIMENT);
        engine.onEvent(addToCart("a-0", "user-0", T10, "p-1", 1, 25));
        assertThat(engine.onWatermark(T10.plus(Duration.ofMinutes(40))).decisions())
                .hasSize(1);

        window.set(new DecisionWindow(true, null, T10.plus(Duration.ofMinutes(45))));
        engine.onEvent(addToCart("a-1", "user-1", T10.plus(Duration.ofMinutes(20)), "p-1", 1, 25));

        assertThat(engine.onWatermark(T10.plus(Duration.ofHours(2))).decisions())
                .isEmpty();
    }

    @Test
    void givenTwoExperimentsSplittingALayer_whenDecided_thenEveryUserIsDecidedByExactlyOneOfThem() {
        Experiment first = EXPERIMENT.inLayer(new LayerRange("checkout", 0, 5000));
        Experiment second = Experiment.batchVersusRealtime("upsell-2026", "other-salt")
                .inLayer(new LayerRange("checkout", 5000, 10_000));

        List<String> firstUsers = users(realtime(first, 40));
        List<String> secondUsers = users(realtime(second, 40));

        assertThat(firstUsers).isNotEmpty().doesNotContainAnyElementsOf(secondUsers);
        assertThat(firstUsers.size() + secondUsers.size()).isEqualTo(40);
        for (String user : firstUsers) {
            assertThat(LayerRange.bucketOf("checkout", user)).isLessThan(5000);
        }
        assertThat(users(batch(first, 40))).containsExactlyInAnyOrderElementsOf(firstUsers);
    }

    @Test
    void givenADraftRedefinedWhileTheEngineRuns_whenItStarts_thenTheNewArmsDecide() {
        AtomicReference<ExperimentInForce> inForce =
                new AtomicReference<>(new ExperimentInForce(EXPERIMENT, DecisionWindow.NEVER));
        CampaignTimeline campaigns = CampaignTimeline.only(CampaignFile.defaults());
        CampaignEngine engine = new CampaignEngine(
                () -> campaigns, inForce::get, SETTINGS, new InMemoryUserStateStore(), new InMemoryTimerStore());
        Experiment allRealtime = new Experiment(
                EXPERIMENT.key(),
                "new-salt",
                List.of(new io.kairos.domain.experiment.Arm(
                        "realtime", 1, java.util.Set.of(io.kairos.domain.experiment.Mode.REALTIME))));
        engine.onEvent(addToCart("a-0", "user-7", T10, "p-1", 1, 25));

        inForce.set(new ExperimentInForce(allRealtime, new DecisionWindow(true, T10, null)));

        List<Decision> decisions =
                engine.onWatermark(T10.plus(Duration.ofHours(1))).decisions();
        assertThat(decisions).extracting(Decision::arm).containsExactly("realtime");
    }

    static List<String> users(List<Decision> decisions) {
        return decisions.stream().map(Decision::userId).distinct().toList();
    }

    static List<java.util.UUID> ids(List<Decision> decisions) {
        return decisions.stream().map(Decision::id).toList();
    }
}
