package io.kairos.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kairos.domain.campaign.CampaignFile;
import io.kairos.domain.decision.Decision;
import io.kairos.domain.decision.DecisionStatus;
import io.kairos.domain.event.EventProperties;
import io.kairos.domain.event.UserEvent;
import io.kairos.domain.experiment.Experiment;
import io.kairos.domain.experiment.Mode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FastPathDriverTest {

    private static final Experiment EXPERIMENT = SimulationRuns.EXPERIMENT;
    private static final Instant START = Instant.parse("2026-11-02T00:00:00Z");
    private static final Instant TEN = Instant.parse("2026-11-02T10:00:00Z");

    private final FastPathDriver driver =
            new FastPathDriver(CampaignFile.defaults(), EXPERIMENT, FastPathSettings.defaults(ZoneOffset.UTC));

    @Test
    void givenAbandonedCarts_whenWatermarkAndNightlyCutoffPass_thenEachArmGetsItsModeDeliveredAndGhostsOtherwise() {
        Map<String, String> users = oneUserPerArm();
        driver.begin(START);
        driver.ingest(users.keySet().stream()
                .sorted()
                .map(user -> addToCart(user, TEN))
                .toList());
        List<Decision> beforeDue = driver.advanceTo(TEN.plusSeconds(300));

        List<Decision> realtime = driver.advanceTo(Instant.parse("2026-11-02T10:35:00Z"));
        List<Decision> batch = driver.advanceTo(Instant.parse("2026-11-03T02:00:00Z"));

        assertThat(beforeDue).isEmpty();
        assertThat(realtime).hasSize(3).allSatisfy(d -> assertThat(d.mode()).isEqualTo(Mode.REALTIME));
        assertThat(batch).hasSize(3).allSatisfy(d -> assertThat(d.mode()).isEqualTo(Mode.BATCH));
        Map<String, Decision> realtimeByArm =
                realtime.stream().collect(Collectors.toMap(Decision::arm, Function.identity()));
        Map<String, Decision> batchByArm = batch.stream().collect(Collectors.toMap(Decision::arm, Function.identity()));
        assertThat(realtimeByArm.get("realtime").deliveredAt()).isEqualTo(Instant.parse("2026-11-02T10:30:00Z"));
        assertThat(batchByArm.get("batch").deliveredAt()).isEqualTo(Instant.parse("2026-11-03T09:00:00Z"));
        assertThat(realtimeByArm.get("batch").status()).isEqualTo(DecisionStatus.GHOST);
        assertThat(realtimeByArm.get("control").status()).isEqualTo(DecisionStatus.GHOST);
        assertThat(batchByArm.get("realtime").status()).isEqualTo(DecisionStatus.GHOST);
        assertThat(batchByArm.get("control").status()).isEqualTo(DecisionStatus.GHOST);
        assertThat(batchByArm.get("batch").id())
                .isEqualTo(realtimeByArm.get("batch").id());
    }

    @Test
    void givenEventAtTheCutoff_whenBatchRuns_thenItWaitsForTheNextNight() {
        String user = oneUserPerArm().entrySet().stream()
                .filter(e -> e.getValue().equals("batch"))
                .findFirst()
                .orElseThrow()
                .getKey();
        Instant cutoff = Instant.parse("2026-11-03T02:00:00Z");
        driver.begin(START);
        driver.advanceTo(cutoff);
        driver.ingest(List.of(addToCart(user, cutoff)));

        List<Decision> sameNight = driver.advanceTo(cutoff.plusSeconds(300));
        driver.advanceTo(Instant.parse("2026-11-04T01:55:00Z"));
        List<Decision> nextNight = driver.advanceTo(Instant.parse("2026-11-04T02:00:00Z"));

        assertThat(sameNight).noneMatch(d -> d.mode() == Mode.BATCH);
        assertThat(nextNight).singleElement().satisfies(d -> {
            assertThat(d.mode()).isEqualTo(Mode.BATCH);
            assertThat(d.deliveredAt()).isEqualTo(Instant.parse("2026-11-04T09:00:00Z"));
        });
    }

    @Test
    void givenRealtimeOnlySettings_whenCutoffPasses_thenNoBatchDecisions() {
        FastPathDriver realtimeOnly = new FastPathDriver(
                CampaignFile.defaults(),
                EXPERIMENT,
                FastPathSettings.defaults(ZoneOffset.UTC).withModes(EnumSet.of(Mode.REALTIME)));
        realtimeOnly.begin(START);
        realtimeOnly.ingest(List.of(addToCart("someone", TEN)));

        List<Decision> decisions = realtimeOnly.advanceTo(Instant.parse("2026-11-03T02:00:00Z"));

        assertThat(decisions)
                .singleElement()
                .satisfies(d -> assertThat(d.mode()).isEqualTo(Mode.REALTIME));
    }

    @Test
    void givenMisuse_whenDriven_thenClearErrors() {
        assertThatThrownBy(() -> driver.ingest(List.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("call begin(start) first");
        driver.begin(START);
        driver.advanceTo(TEN);
        assertThatThrownBy(() -> driver.ingest(List.of(addToCart("late", TEN.minusSeconds(1)))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is out of order");
        assertThatThrownBy(() -> driver.advanceTo(TEN.minusSeconds(1)))
                .hasMessageContaining("the watermark cannot go back");
        assertThatThrownBy(() -> driver.begin(START)).hasMessageContaining("already begun");
    }

    private static UserEvent addToCart(String user, Instant at) {
        return new UserEvent(
                UUID.nameUUIDFromBytes((user + at).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                user,
                at,
                user + "-s1",
                new EventProperties.AddToCart("p-1", 1, 30.0, "home"));
    }

    /** The first user id of each arm under the test experiment, mapped to the arm's name. */
    private static Map<String, String> oneUserPerArm() {
        Map<String, String> byArm = new java.util.LinkedHashMap<>();
        IntStream.range(0, 1000)
                .mapToObj(i -> "user-" + i)
                .forEach(user -> byArm.putIfAbsent(EXPERIMENT.assign(user).arm().name(), user));
        List<Map.Entry<String, String>> entries = new ArrayList<>(byArm.entrySet());
        return entries.stream().collect(Collectors.toMap(Map.Entry::getValue, Map.Entry::getKey));
    }
}
