package io.kairos.domain.decision.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.campaign.Campaign;
import io.kairos.domain.campaign.CampaignCatalog;
import io.kairos.domain.campaign.CampaignFile;
import io.kairos.domain.campaign.CampaignTimeline;
import io.kairos.domain.campaign.CampaignVersion;
import io.kairos.domain.decision.Decision;
import io.kairos.domain.event.EventProperties;
import io.kairos.domain.event.UserEvent;
import io.kairos.domain.port.in.EngineResult;
import io.kairos.domain.port.out.inmemory.InMemoryTimerStore;
import io.kairos.domain.port.out.inmemory.InMemoryUserStateStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The engine under a timeline of campaign versions: which version decides, and timers across a switch. */
class CampaignEngineVersionsTest {

    static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    static final Instant SWITCH = T0.plus(Duration.ofMinutes(10));

    /** Version 1 at 10:10: the defaults without cart_abandonment and with another spending alert text. */
    static CampaignTimeline timeline() {
        CampaignCatalog defaults = CampaignFile.defaults();
        List<Campaign> campaigns = new ArrayList<>();
        for (Campaign c : defaults.campaigns()) {
            if (c.id().equals("cart_abandonment")) {
                continue;
            }
            campaigns.add(
                    c.id().equals("spending_alert")
                            ? new Campaign(
                                    c.id(),
                                    c.description(),
                                    c.trigger(),
                                    c.audience(),
                                    defaults.find("flash_sale_sms")
                                            .orElseThrow()
                                            .message(),
                                    c.guards())
                            : c);
        }
        CampaignCatalog one =
                new CampaignCatalog(new ArrayList<>(defaults.segments().all()), campaigns);
        return CampaignTimeline.of(
                CampaignVersion.unpublished(defaults, ""),
                List.of(new CampaignVersion(1, "one", "1", "ana", T0, SWITCH, one)));
    }

    static CampaignEngine engine() {
        return new CampaignEngine(
                timeline(),
                CampaignEngineTest.EXPERIMENT,
                new EngineSettings(Duration.ofMinutes(2), ZoneOffset.UTC),
                new InMemoryUserStateStore(),
                new InMemoryTimerStore());
    }

    static UserEvent purchase(String user, Instant at) {
        return new UserEvent(UUID.randomUUID(), user, at, null, new EventProperties.Purchase("o", 600.0, "EUR"));
    }

    @Test
    void givenASwitchAtAnInstant_whenTriggersComeBeforeAtAndAfterIt_thenEachDecisionRecordsTheVersionThenInForce() {
        CampaignEngine engine = engine();

        Decision before = engine.onEvent(purchase("u-before", SWITCH.minusMillis(1)))
                .decisions()
                .get(0);
        Decision at = engine.onEvent(purchase("u-at", SWITCH)).decisions().get(0);

        assertThat(before.campaignVersion()).isZero();
        assertThat(before.payload()).startsWith("Heads-up: you have spent");
        assertThat(at.campaignVersion()).isEqualTo(1);
        assertThat(at.payload()).isNotEqualTo(before.payload());
    }

    @Test
    void
            givenATimerStartedUnderVersionZero_whenItFallsDueUnderAVersionWithoutItsCampaign_thenItDecidesNothingCounted() {
        CampaignEngine engine = engine();
        engine.onEvent(
                new UserEvent(UUID.randomUUID(), "u-cart", T0, null, new EventProperties.AddToCart("p1", 1, 30, null)));

        EngineResult fired = engine.onWatermark(T0.plus(Duration.ofHours(1)));

        assertThat(fired.timersFired()).isEqualTo(1);
        assertThat(fired.timersWithoutCampaign()).isEqualTo(1);
        assertThat(fired.decisions()).isEmpty();
    }

    @Test
    void givenTheSameTimerWithoutASwitch_whenItFallsDue_thenItDecides() {
        CampaignEngine engine = new CampaignEngine(
                CampaignFile.defaults(),
                CampaignEngineTest.EXPERIMENT,
                new EngineSettings(Duration.ofMinutes(2), ZoneOffset.UTC),
                new InMemoryUserStateStore(),
                new InMemoryTimerStore());
        engine.onEvent(
                new UserEvent(UUID.randomUUID(), "u-cart", T0, null, new EventProperties.AddToCart("p1", 1, 30, null)));

        EngineResult fired = engine.onWatermark(T0.plus(Duration.ofHours(1)));

        assertThat(fired.timersWithoutCampaign()).isZero();
        assertThat(fired.decisions())
                .extracting(Decision::campaignId, Decision::campaignVersion)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("cart_abandonment", 0));
    }
}
