package io.kairos.domain.decision.engine;

import static io.kairos.domain.event.TestEvents.addToCart;
import static io.kairos.domain.event.TestEvents.checkout;
import static io.kairos.domain.event.TestEvents.consent;
import static io.kairos.domain.event.TestEvents.custom;
import static io.kairos.domain.event.TestEvents.id;
import static io.kairos.domain.event.TestEvents.pageView;
import static io.kairos.domain.event.TestEvents.productView;
import static io.kairos.domain.event.TestEvents.purchase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.kairos.domain.campaign.CampaignCatalog;
import io.kairos.domain.campaign.CampaignFile;
import io.kairos.domain.decision.Decision;
import io.kairos.domain.decision.DecisionId;
import io.kairos.domain.decision.DecisionStatus;
import io.kairos.domain.decision.Suppression;
import io.kairos.domain.event.Channel;
import io.kairos.domain.event.UserEvent;
import io.kairos.domain.experiment.Experiment;
import io.kairos.domain.experiment.Mode;
import io.kairos.domain.port.in.BatchRun;
import io.kairos.domain.port.in.EngineResult;
import io.kairos.domain.port.out.inmemory.InMemoryTimerStore;
import io.kairos.domain.port.out.inmemory.InMemoryUserStateStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CampaignEngineTest {

    /** Arms under this experiment (see docs/experiment-assignment.md): user-1 realtime, user-2 batch, user-7 control. */
    static final Experiment EXPERIMENT = Experiment.batchVersusRealtime("checkout-2026", "s3cr3t-salt");

    static final String REALTIME_USER = "user-1";
    static final String BATCH_USER = "user-2";
    static final String CONTROL_USER = "user-7";

    private static final Instant T10 = Instant.parse("2026-11-28T10:00:00Z");
    private static final BatchRun NIGHTLY =
            new BatchRun(Instant.parse("2026-11-29T02:00:00Z"), Instant.parse("2026-11-29T09:00:00Z"));

    private final InMemoryTimerStore timers = new InMemoryTimerStore();
    private final InMemoryUserStateStore states = new InMemoryUserStateStore();
    private CampaignEngine engine = engine(CampaignFile.defaults());

    private CampaignEngine engine(CampaignCatalog catalog) {
        return new CampaignEngine(
                catalog, EXPERIMENT, new EngineSettings(Duration.ofMinutes(1), ZoneOffset.UTC), states, timers);
    }

    private static Instant at(int minutesAfterTen) {
        return T10.plus(Duration.ofMinutes(minutesAfterTen));
    }

    @Test
    void givenAddToCart_whenWatermarkPassesDueTimePlusGrace_thenAbandonmentDecisionDeliveredAtDueTime() {
        EngineResult started = engine.onEvent(addToCart("a1", REALTIME_USER, T10, "p-1", 2, 25));
        EngineResult withinGrace = engine.onWatermark(at(31));
        EngineResult fired = engine.onWatermark(at(31).plusSeconds(1));

        assertThat(started.decisions()).isEmpty();
        assertThat(withinGrace).isEqualTo(EngineResult.NOTHING);
        assertThat(fired.timersFired()).isEqualTo(1);
        Decision decision = fired.decisions().get(0);
        assertThat(decision.id())
                .isEqualTo(DecisionId.of("checkout-2026", "cart_abandonment", REALTIME_USER, id("a1")));
        assertThat(decision.campaignId()).isEqualTo("cart_abandonment");
        assertThat(decision.arm()).isEqualTo("realtime");
        assertThat(decision.mode()).isEqualTo(Mode.REALTIME);
        assertThat(decision.triggerEventId()).isEqualTo(id("a1"));
        assertThat(decision.triggerAt()).isEqualTo(T10);
        assertThat(decision.decidedAt()).isEqualTo(at(30));
        assertThat(decision.deliveredAt()).isEqualTo(at(30));
        assertThat(decision.status()).isEqualTo(DecisionStatus.DELIVERED);
        assertThat(decision.channel()).isEqualTo(Channel.EMAIL);
        assertThat(decision.payload())
                .isEqualTo("Your cart is waiting: 2 items worth 50. Use code FREESHIP for free shipping.");
        assertThat(decision.offer()).isEqualTo("FREESHIP");
        assertThat(timers.size()).isZero();
    }

    @Test
    void givenPurchaseWithinTheWindow_whenWatermarkPasses_thenTimerWasCancelledAndNothingIsDecided() {
        engine.onEvent(addToCart("a1", REALTIME_USER, T10, "p-1", 1, 25));
        engine.onEvent(purchase("b1", REALTIME_USER, at(30), 25));

        assertThat(engine.onWatermark(at(120))).isEqualTo(EngineResult.NOTHING);
        assertThat(timers.size()).isZero();
    }

    @Test
    void givenCheckoutJustAfterTheWindow_whenItArrives_thenTimerFiresFirst() {
        engine.onEvent(addToCart("a1", REALTIME_USER, T10, "p-1", 1, 25));

        EngineResult result = engine.onEvent(checkout("c1", REALTIME_USER, at(30).plusMillis(1)));

        assertThat(result.decisions()).extracting(Decision::campaignId).containsExactly("cart_abandonment");
        assertThat(result.decisions().get(0).decidedAt()).isEqualTo(at(30));
    }

    @Test
    void givenSecondAddToCart_whenWindowRuns_thenTimerIsReArmedFromTheLatestEvent() {
        engine.onEvent(addToCart("a1", REALTIME_USER, T10, "p-1", 1, 25));
        engine.onEvent(addToCart("a2", REALTIME_USER, at(20), "p-2", 1, 10));

        assertThat(engine.onWatermark(at(45)).decisions()).isEmpty();
        Decision decision = engine.onWatermark(at(52)).decisions().get(0);
        assertThat(decision.triggerEventId()).isEqualTo(id("a2"));
        assertThat(decision.decidedAt()).isEqualTo(at(50));
        assertThat(decision.payload()).contains("2 items worth 35");
    }

    @Test
    void givenUsersOfEachArm_whenRealtimeEngineDecides_thenOnlyTheRealtimeArmIsDeliveredAndOthersAreGhosts() {
        for (String user : List.of(REALTIME_USER, BATCH_USER, CONTROL_USER)) {
            engine.onEvent(addToCart("a-" + user, user, T10, "p-1", 1, 25));
        }

        List<Decision> decisions = engine.onWatermark(at(60)).decisions();

        assertThat(decisions)
                .extracting(Decision::userId, Decision::arm, Decision::ghost, Decision::status)
                .containsExactly(
                        tuple(REALTIME_USER, "realtime", false, DecisionStatus.DELIVERED),
                        tuple(BATCH_USER, "batch", true, DecisionStatus.GHOST),
                        tuple(CONTROL_USER, "control", true, DecisionStatus.GHOST));
        assertThat(decisions.get(1).deliveredAt()).isNull();
        assertThat(decisions.get(1).plannedDeliveryAt()).isEqualTo(at(30));
    }

    @Test
    void givenUsersOfEachArm_whenBatchRuns_thenBatchArmIsDeliveredAtSendTimeWithTheSameIdsAsRealtime() {
        for (String user : List.of(REALTIME_USER, BATCH_USER, CONTROL_USER)) {
            EngineResult result =
                    engine.onUserPeriod(user, List.of(addToCart("a-" + user, user, T10, "p-1", 1, 25)), NIGHTLY);
            Decision decision = result.decisions().get(0);
            assertThat(decision.mode()).isEqualTo(Mode.BATCH);
            assertThat(decision.id())
                    .isEqualTo(DecisionId.of("checkout-2026", "cart_abandonment", user, id("a-" + user)));
            assertThat(decision.decidedAt()).isEqualTo(at(30));
            assertThat(decision.plannedDeliveryAt()).isEqualTo(NIGHTLY.sendAt());
            assertThat(decision.ghost()).isEqualTo(!user.equals(BATCH_USER));
            assertThat(decision.deliveredAt()).isEqualTo(user.equals(BATCH_USER) ? NIGHTLY.sendAt() : null);
        }
    }

    @Test
    void givenPurchaseLaterInThePeriod_whenBatchJudgesAsOfCutoff_thenSuppressedButRealtimeDelivered() {
        List<UserEvent> log = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            log.add(custom("f" + i, BATCH_USER, at(i), "feature_used", Map.of("feature", "reports")));
        }
        log.add(purchase("p", BATCH_USER, at(90), 99));

        Decision batch =
                engine.onUserPeriod(BATCH_USER, log, NIGHTLY).decisions().get(0);
        InMemoryUserStateStore realtimeStates = new InMemoryUserStateStore();
        CampaignEngine realtime = new CampaignEngine(
                CampaignFile.defaults(),
                EXPERIMENT,
                new EngineSettings(Duration.ofMinutes(1), ZoneOffset.UTC),
                realtimeStates,
                new InMemoryTimerStore());
        List<Decision> streamed = log.stream()
                .flatMap(e -> realtime.onEvent(e).decisions().stream())
                .toList();

        assertThat(batch.campaignId()).isEqualTo("onboarding_upsell");
        assertThat(batch.suppression())
                .isEqualTo(new Suppression(
                        "suppress_after_conversion", "converted after the trigger at 2026-11-28T10:04:00Z"));
        assertThat(batch.deliveredAt()).isNull();
        assertThat(streamed).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo(batch.id());
            assertThat(d.suppression()).isNull();
            assertThat(d.ghost()).isTrue();
            assertThat(d.payload())
                    .isEqualTo("You have used reports a lot this week. Upgrade with UPGRADE30 for 30% off.");
        });
    }

    @Test
    void givenLongPauseAtNight_whenDecided_thenHeldUntilQuietHoursEnd() {
        Decision decision = engine.onEvent(custom(
                        "v1",
                        REALTIME_USER,
                        Instant.parse("2026-11-28T23:00:00Z"),
                        "video_paused",
                        Map.of("pause_seconds", 900.0, "title", "Dune")))
                .decisions()
                .get(0);

        Instant opening = Instant.parse("2026-11-29T08:00:00Z");
        assertThat(decision.heldUntil()).isEqualTo(opening);
        assertThat(decision.deliveredAt()).isEqualTo(opening);
        assertThat(decision.decidedAt()).isEqualTo(Instant.parse("2026-11-28T23:00:00Z"));
        assertThat(decision.payload()).isEqualTo("Your video is waiting where you left it. Pick up Dune again?");
    }

    @Test
    void givenShortPause_whenDecided_thenNoDecision() {
        assertThat(engine.onEvent(custom("v1", REALTIME_USER, T10, "video_paused", Map.of("pause_seconds", 120.0))))
                .isEqualTo(EngineResult.NOTHING);
    }

    @Test
    void givenTwoLongPausesWithinCooldown_whenDecided_thenSecondIsSuppressedWithTheReason() {
        engine.onEvent(custom("v1", REALTIME_USER, T10, "video_paused", Map.of("pause_seconds", 900.0)));
        Decision second = engine.onEvent(
                        custom("v2", REALTIME_USER, at(60), "video_paused", Map.of("pause_seconds", 900.0)))
                .decisions()
                .get(0);

        assertThat(second.status()).isEqualTo(DecisionStatus.SUPPRESSED);
        assertThat(second.suppression().guard()).isEqualTo("cooldown");
        assertThat(second.suppression().reason())
                .isEqualTo("last message of this campaign at 2026-11-28T10:00:00Z, cooldown 12h");
        assertThat(second.plannedDeliveryAt()).isNull();
    }

    @Test
    void givenSpendCrossingFiveHundredIn24h_whenPurchased_thenOneSpendingAlertOnSegmentEntry() {
        List<Decision> decisions = new ArrayList<>();
        decisions.addAll(engine.onEvent(purchase("p1", REALTIME_USER, T10, 300)).decisions());
        decisions.addAll(
                engine.onEvent(purchase("p2", REALTIME_USER, at(120), 250)).decisions());
        decisions.addAll(
                engine.onEvent(purchase("p3", REALTIME_USER, at(180), 50)).decisions());

        assertThat(decisions).singleElement().satisfies(d -> {
            assertThat(d.campaignId()).isEqualTo("spending_alert");
            assertThat(d.triggerEventId()).isEqualTo(id("p2"));
            assertThat(d.payload()).isEqualTo("Heads-up: you have spent 550 in the last 24 hours.");
        });
    }

    @Test
    void givenThirdSaleViewWithinAnHour_whenSmsConsentGranted_thenFlashSaleDelivered() {
        engine.onEvent(consent("c", REALTIME_USER, at(-1), Channel.SMS, true));
        engine.onEvent(productView("v1", REALTIME_USER, T10, "sale"));
        engine.onEvent(productView("v2", REALTIME_USER, at(10), "new"));
        engine.onEvent(productView("v3", REALTIME_USER, at(20), "sale"));

        List<Decision> third =
                engine.onEvent(productView("v4", REALTIME_USER, at(30), "sale")).decisions();

        assertThat(third).singleElement().satisfies(d -> {
            assertThat(d.campaignId()).isEqualTo("flash_sale_sms");
            assertThat(d.channel()).isEqualTo(Channel.SMS);
            assertThat(d.status()).isEqualTo(DecisionStatus.DELIVERED);
        });
    }

    @Test
    void givenNoSmsConsent_whenFlashSaleTriggers_thenSuppressedForConsent() {
        engine.onEvent(productView("v1", REALTIME_USER, T10, "sale"));
        engine.onEvent(productView("v2", REALTIME_USER, at(10), "sale"));

        Decision decision = engine.onEvent(productView("v3", REALTIME_USER, at(20), "sale"))
                .decisions()
                .get(0);

        assertThat(decision.suppression())
                .isEqualTo(new Suppression("consent", "no consent for sms (opt-in required)"));
    }

    @Test
    void givenTimerAlreadyFired_whenAnEarlierEventArrives_thenItIsLateAndChangesNoDecision() {
        engine.onEvent(addToCart("a1", REALTIME_USER, T10, "p-1", 1, 25));
        engine.onWatermark(at(40));

        EngineResult late = engine.onEvent(purchase("p1", REALTIME_USER, at(20), 25));

        assertThat(late.lateEvents()).isEqualTo(1);
        assertThat(late.decisions()).isEmpty();
        assertThat(states.load(REALTIME_USER).orElseThrow().lifetimePurchases()).isEqualTo(1);
    }

    @Test
    void givenOutOfOrderPurchase_whenItArrivesBeforeTheTimerFires_thenItStillCancelsTheTimer() {
        engine.onEvent(addToCart("a1", REALTIME_USER, T10, "p-1", 1, 25));
        engine.onEvent(pageView("v1", REALTIME_USER, at(15)));

        EngineResult purchase = engine.onEvent(purchase("p1", REALTIME_USER, at(12), 25));

        assertThat(purchase.lateEvents()).isZero();
        assertThat(engine.onWatermark(at(60)).decisions()).isEmpty();
        assertThat(timers.size()).isZero();
    }

    @Test
    void givenTemplateThatRendersOverOneKilobyte_whenDecided_thenSuppressedForPayload() {
        engine = engine(CampaignFile.parse("""
                format: 1
                campaign echo
                  trigger: on shared
                  message:
                    channel: webhook
                    template: {event.a}{event.a}{event.a}{event.a}{event.a}
                """));
        String text = "x".repeat(250);

        Decision decision = engine.onEvent(custom("s", REALTIME_USER, T10, "shared", Map.of("a", text)))
                .decisions()
                .get(0);

        assertThat(decision.suppression().guard()).isEqualTo("payload");
        assertThat(decision.suppression().reason()).isEqualTo("rendered payload of 1250 bytes exceeds 1024");
    }

    @Test
    void givenTimersOfUsersWithoutEvents_whenBatchCutoffRuns_thenTheyFireInBatchMode() {
        engine.onUserPeriod(
                BATCH_USER,
                List.of(addToCart("a1", BATCH_USER, Instant.parse("2026-11-29T01:50:00Z"), "p", 1, 5)),
                NIGHTLY);
        BatchRun nextNight = new BatchRun(Instant.parse("2026-11-30T02:00:00Z"), Instant.parse("2026-11-30T09:00:00Z"));

        EngineResult result = engine.onCutoff(nextNight);

        assertThat(result.decisions()).singleElement().satisfies(d -> {
            assertThat(d.mode()).isEqualTo(Mode.BATCH);
            assertThat(d.decidedAt()).isEqualTo(Instant.parse("2026-11-29T02:20:00Z"));
            assertThat(d.deliveredAt()).isEqualTo(nextNight.sendAt());
        });
    }

    @Test
    void givenEventAfterCutoffOrOfAnotherUser_whenBatchRuns_thenRejectedAsAnAdapterError() {
        assertThatThrownBy(() ->
                        engine.onUserPeriod(BATCH_USER, List.of(pageView("x", BATCH_USER, NIGHTLY.cutoff())), NIGHTLY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not before the cut-off");
        assertThatThrownBy(() -> engine.onUserPeriod(BATCH_USER, List.of(pageView("x", "someone", T10)), NIGHTLY))
                .hasMessageContaining("belongs to someone");
    }
}
