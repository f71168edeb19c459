package io.kairos.domain.decision.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.campaign.Campaign;
import io.kairos.domain.campaign.CampaignCatalog;
import io.kairos.domain.campaign.CampaignFile;
import io.kairos.domain.campaign.CampaignTimeline;
import io.kairos.domain.campaign.CampaignVersion;
import io.kairos.domain.decision.Decision;
import io.kairos.domain.event.Channel;
import io.kairos.domain.event.EventProperties;
import io.kairos.domain.event.UserEvent;
import io.kairos.domain.experiment.DecisionWindow;
import io.kairos.domain.experiment.ExperimentInForce;
import io.kairos.domain.port.in.BatchRun;
import io.kairos.domain.port.out.inmemory.InMemoryTimerStore;
import io.kairos.domain.port.out.inmemory.InMemoryUserStateStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * The same log fed streaming-style (event by event, watermark advancing, timers fired as it passes) and batch-style
 * (each user's events of the period, then timers before a cut-off after every timer) yields the same decisions.
 */
class StreamingBatchEquivalencePropertyTest {

    private static final Instant DAY = Instant.parse("2026-11-28T00:00:00Z");
    private static final BatchRun NIGHTLY = new BatchRun(DAY.plus(Duration.ofDays(2)), DAY.plus(Duration.ofDays(2)));
    private static final List<String> USERS = List.of("user-1", "user-2", "user-7", "user-20", "alice");

    @Property(tries = 150)
    void givenAnyLog_whenStreamedOrBatched_thenSameDecisionIds(@ForAll("logs") List<UserEvent> log) {
        CampaignCatalog catalog = CampaignFile.defaults();

        assertThat(ids(streamed(catalog, log))).isEqualTo(ids(batched(catalog, log)));
    }

    @Property(tries = 150)
    void givenCampaignsWithoutDeliveryTimeGuards_whenStreamedOrBatched_thenSameDecisionsApartFromModeAndDelivery(
            @ForAll("logs") List<UserEvent> log) {
        CampaignCatalog defaults = CampaignFile.defaults();
        List<Campaign> unguarded = defaults.campaigns().stream()
                .map(c -> new Campaign(c.id(), c.description(), c.trigger(), c.audience(), c.message(), List.of()))
                .toList();
        CampaignCatalog catalog =
                new CampaignCatalog(new ArrayList<>(defaults.segments().all()), unguarded);

        assertThat(comparable(streamed(catalog, log))).isEqualTo(comparable(batched(catalog, log)));
    }

    @Property(tries = 150)
    void givenAnExperimentStartedAndStoppedWithinTheLog_whenStreamedOrBatched_thenBothDecideTheSameInsideItsWindow(
            @ForAll("logs") List<UserEvent> log,
            @ForAll @IntRange(min = 0, max = 24 * 60) int startMinute,
            @ForAll @IntRange(min = 0, max = 24 * 60) int runMinutes) {
        CampaignCatalog catalog = CampaignFile.defaults();
        DecisionWindow window = new DecisionWindow(
                true,
                DAY.plus(Duration.ofMinutes(startMinute)),
                DAY.plus(Duration.ofMinutes(startMinute + runMinutes)));

        List<Decision> streamed = streamed(engine(CampaignTimeline.only(catalog), window), log);

        assertThat(ids(streamed)).isEqualTo(ids(batched(engine(CampaignTimeline.only(catalog), window), log)));
        assertThat(streamed)
                .allSatisfy(d -> assertThat(window.covers(d.decidedAt()))
                        .as("decided at %s", d.decidedAt())
                        .isTrue());
    }

    @Property(tries = 150)
    void givenCampaignVersionSwitchesInsideTheLog_whenStreamedOrBatched_thenSameDecisionIdsAndVersions(
            @ForAll("logs") List<UserEvent> log,
            @ForAll("minutesOfTheDay") int firstSwitch,
            @ForAll("minutesOfTheDay") int secondSwitch) {
        CampaignTimeline timeline = switching(CampaignFile.defaults(), firstSwitch, secondSwitch);

        assertThat(idsAndVersions(streamed(timeline, log))).isEqualTo(idsAndVersions(batched(timeline, log)));
    }

    @Property(tries = 150)
    void givenCampaignVersionSwitchesAndNoDeliveryTimeGuards_whenStreamedOrBatched_thenSameDecisionsAndVersions(
            @ForAll("logs") List<UserEvent> log,
            @ForAll("minutesOfTheDay") int firstSwitch,
            @ForAll("minutesOfTheDay") int secondSwitch) {
        CampaignTimeline timeline = switching(unguarded(CampaignFile.defaults()), firstSwitch, secondSwitch);

        List<Decision> streamed = streamed(timeline, log);
        assertThat(comparable(streamed)).isEqualTo(comparable(batched(timeline, log)));
        Instant first = DAY.plus(Duration.ofMinutes(Math.min(firstSwitch, secondSwitch)));
        for (Decision decision : streamed) {
            assertThat(decision.campaignVersion())
                    .as("version of %s", decision)
                    .isEqualTo(timeline.inForceAt(decision.decidedAt()).number());
            if (decision.decidedAt().isBefore(first)) {
                assertThat(decision.campaignVersion()).isZero();
            }
        }
    }

    /**
     * Version 0 the given catalog; version 1, at the earlier minute, without cart_abandonment (its pending timers
     * find no campaign) and with flash_sale_sms sent by push; version 2, at the later minute, the catalog again.
     */
    private static CampaignTimeline switching(CampaignCatalog catalog, int firstMinute, int secondMinute) {
        int low = Math.min(firstMinute, secondMinute);
        int high = Math.max(firstMinute, secondMinute) + 1;
        List<Campaign> changed = new ArrayList<>();
        for (Campaign c : catalog.campaigns()) {
            if (c.id().equals("cart_abandonment")) {
                continue;
            }
            changed.add(
                    c.id().equals("flash_sale_sms")
                            ? new Campaign(
                                    c.id(),
                                    c.description(),
                                    c.trigger(),
                                    c.audience(),
                                    catalog.find("spending_alert").orElseThrow().message(),
                                    c.guards())
                            : c);
        }
        CampaignCatalog one =
                new CampaignCatalog(new ArrayList<>(catalog.segments().all()), changed);
        Instant publishedAt = DAY.minus(Duration.ofDays(1));
        return CampaignTimeline.of(
                CampaignVersion.unpublished(catalog, ""),
                List.of(
                        new CampaignVersion(1, "one", "1", "ana", publishedAt, DAY.plus(Duration.ofMinutes(low)), one),
                        new CampaignVersion(
                                2, "two", "2", "ben", publishedAt, DAY.plus(Duration.ofMinutes(high)), catalog)));
    }

    private static CampaignCatalog unguarded(CampaignCatalog defaults) {
        List<Campaign> unguarded = defaults.campaigns().stream()
                .map(c -> new Campaign(c.id(), c.description(), c.trigger(), c.audience(), c.message(), List.of()))
                .toList();
        return new CampaignCatalog(new ArrayList<>(defaults.segments().all()), unguarded);
    }

    private static Set<String> idsAndVersions(List<Decision> decisions) {
        Set<String> result = new HashSet<>();
        for (Decision decision : decisions) {
            assertThat(result.add(decision.id() + "|" + decision.campaignVersion()))
                    .as("duplicate decision %s", decision)
                    .isTrue();
        }
        return result;
    }

    @Provide
    Arbitrary<Integer> minutesOfTheDay() {
        return Arbitraries.integers().between(0, 24 * 60 - 1);
    }

    private static List<Decision> streamed(CampaignCatalog catalog, List<UserEvent> log) {
        return streamed(CampaignTimeline.only(catalog), log);
    }

    private static List<Decision> batched(CampaignCatalog catalog, List<UserEvent> log) {
        return batched(CampaignTimeline.only(catalog), log);
    }

    private static List<Decision> streamed(CampaignTimeline timeline, List<UserEvent> log) {
        return streamed(engine(timeline, DecisionWindow.ALWAYS), log);
    }

    private static List<Decision> batched(CampaignTimeline timeline, List<UserEvent> log) {
        return batched(engine(timeline, DecisionWindow.ALWAYS), log);
    }

    private static List<Decision> streamed(CampaignEngine engine, List<UserEvent> log) {
        List<Decision> decisions = new ArrayList<>();
        Instant watermark = Instant.MIN;
        for (UserEvent event : log) {
            decisions.addAll(engine.onEvent(event).decisions());
            if (event.occurredAt().isAfter(watermark)) {
                watermark = event.occurredAt();
                decisions.addAll(engine.onWatermark(watermark).decisions());
            }
        }
        decisions.addAll(
                engine.onWatermark(NIGHTLY.cutoff().plus(Duration.ofHours(1))).decisions());
        return decisions;
    }

    private static List<Decision> batched(CampaignEngine engine, List<UserEvent> log) {
        Map<String, List<UserEvent>> byUser = new LinkedHashMap<>();
        for (UserEvent event : log) {
            byUser.computeIfAbsent(event.userId(), u -> new ArrayList<>()).add(event);
        }
        List<Decision> decisions = new ArrayList<>();
        byUser.forEach((user, events) ->
                decisions.addAll(engine.onUserPeriod(user, events, NIGHTLY).decisions()));
        decisions.addAll(engine.onCutoff(NIGHTLY).decisions());
        return decisions;
    }

    private static CampaignEngine engine(CampaignTimeline timeline, DecisionWindow window) {
        ExperimentInForce experiment = new ExperimentInForce(CampaignEngineTest.EXPERIMENT, window);
        return new CampaignEngine(
                () -> timeline,
                () -> experiment,
                new EngineSettings(Duration.ofMinutes(2), ZoneOffset.UTC),
                new InMemoryUserStateStore(),
                new InMemoryTimerStore());
    }

    private static Set<UUID> ids(List<Decision> decisions) {
        Set<UUID> ids = new HashSet<>();
        for (Decision decision : decisions) {
            assertThat(ids.add(decision.id()))
                    .as("duplicate decision %s", decision)
                    .isTrue();
        }
        return ids;
    }

    /** What must agree between modes: everything except mode, ghost flag and delivery times. */
    private static Set<String> comparable(List<Decision> decisions) {
        return decisions.stream()
                .map(d -> String.join(
                        "|",
                        d.id().toString(),
                        d.campaignId(),
                        d.userId(),
                        d.arm(),
                        d.triggerEventId().toString(),
                        d.triggerAt().toString(),
                        d.decidedAt().toString(),
                        d.channel().name(),
                        d.payload(),
                        String.valueOf(d.suppression()),
                        String.valueOf(d.campaignVersion())))
                .collect(Collectors.toSet());
    }

    @Provide
    Arbitrary<List<UserEvent>> logs() {
        Arbitrary<EventProperties> properties = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.of("p1", "p2").map(p -> new EventProperties.AddToCart(p, 1, 30, null))),
                Tuple.of(1, Arbitraries.just(new EventProperties.RemoveFromCart("p1", 1))),
                Tuple.of(2, Arbitraries.just(new EventProperties.CheckoutStarted(null))),
                Tuple.of(3, Arbitraries.of(120.0, 260.0, 510.0).map(r -> new EventProperties.Purchase("o", r, "EUR"))),
                Tuple.of(6, Arbitraries.of("sale", "new").map(c -> new EventProperties.ProductView("p1", c, 9.0))),
                Tuple.of(6, Arbitraries.just(new EventProperties.Custom("feature_used", Map.of("feature", "export")))),
                Tuple.of(
                        3,
                        Arbitraries.of(300.0, 900.0)
                                .map(s -> new EventProperties.Custom("video_paused", Map.of("pause_seconds", s)))),
                Tuple.of(1, Arbitraries.just(new EventProperties.ConsentChanged(Channel.SMS, true))),
                Tuple.of(2, Arbitraries.just(new EventProperties.PageView("/", null))));
        Arbitrary<UserEvent> event = Combinators.combine(
                        properties,
                        Arbitraries.of(USERS),
                        Arbitraries.integers().between(0, 24 * 60 - 1))
                .as((p, user, minute) ->
                        new UserEvent(UUID.randomUUID(), user, DAY.plus(Duration.ofMinutes(minute)), null, p));
        return event.list()
                .ofMinSize(1)
                .ofMaxSize(80)
                .map(events -> events.stream()
                        .sorted(Comparator.comparing(UserEvent::occurredAt))
                        .toList());
    }
}
