package io.kairos.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.decision.Decision;
import io.kairos.domain.event.Channel;
import io.kairos.domain.event.KnownEventType;
import io.kairos.domain.event.UserEvent;
import io.kairos.domain.experiment.Experiment;
import io.kairos.domain.experiment.Mode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The window rule: a delivery the simulator learns of at a window's end moves its reactions to that end at the
 * latest; a delivery learned ahead of time (batch) keeps its own reaction delay.
 */
class WindowBiasTest {

    private static final Instant START = Instant.parse("2026-11-02T00:00:00Z");

    /** One user who always opens and clicks email, within about a second, whatever the delay. */
    private final SimulationParameters parameters = SimulationParameters.builder()
            .users(1)
            .daytimeSessionsPerDay(0.01)
            .enrolmentPeriod(Duration.ofDays(1))
            .attributionWindow(Duration.ofDays(1))
            .window(Duration.ofHours(1))
            .channelResponse(Channel.EMAIL, new ChannelResponse(1.0, 1.0))
            .engagementHalfLife(HalfLife.NONE)
            .fatiguePerMessage(0)
            .meanOpenDelay(Duration.ofSeconds(1))
            .meanClickDelay(Duration.ofSeconds(1))
            .build();

    @Test
    void givenDeliveryMidWindow_whenLearnedAtTheWindowEnd_thenReactionsStartAtThatEndAndNotLater() {
        Instant deliveredAt = Instant.parse("2026-11-02T10:20:00Z");
        ScriptedDriver driver = new ScriptedDriver(Instant.parse("2026-11-02T11:00:00Z"), delivered(deliveredAt));

        SimulationResult result = new Simulator(parameters).run(driver);

        UserEvent opened = only(result, KnownEventType.MESSAGE_OPENED);
        UserEvent clicked = only(result, KnownEventType.MESSAGE_CLICKED);
        assertThat(opened.occurredAt()).isEqualTo(Instant.parse("2026-11-02T11:00:00Z"));
        assertThat(Duration.between(deliveredAt, opened.occurredAt())).isLessThanOrEqualTo(parameters.window());
        assertThat(clicked.occurredAt()).isAfter(opened.occurredAt());
        assertThat(driver.ingested).contains(opened);
    }

    @Test
    void givenDeliveryLearnedAhead_whenItHappens_thenReactionsFollowWithTheirOwnDelayOnly() {
        Instant deliveredAt = Instant.parse("2026-11-02T09:00:00Z");
        ScriptedDriver driver = new ScriptedDriver(Instant.parse("2026-11-02T02:00:00Z"), delivered(deliveredAt));

        SimulationResult result = new Simulator(parameters).run(driver);

        UserEvent opened = only(result, KnownEventType.MESSAGE_OPENED);
        assertThat(opened.occurredAt()).isAfter(deliveredAt).isBefore(deliveredAt.plusSeconds(60));
    }

    private static UserEvent only(SimulationResult result, KnownEventType type) {
        List<UserEvent> matching = result.events().stream()
                .filter(e -> e.type().equals(type.wireName()))
                .toList();
        assertThat(matching).hasSize(1);
        return matching.get(0);
    }

    private static Decision delivered(Instant deliveredAt) {
        Instant trigger = deliveredAt.minus(Duration.ofMinutes(30));
        return new Decision(
                UUID.fromString("00000000-0000-4000-8000-000000000001"),
                SimulationRuns.EXPERIMENT.key(),
                "cart_abandonment",
                "u0000000",
                "realtime",
                Mode.REALTIME,
                UUID.fromString("00000000-0000-4000-8000-000000000002"),
                trigger,
                deliveredAt,
                deliveredAt,
                deliveredAt,
                null,
                Channel.EMAIL,
                "Your cart is waiting",
                null,
                null,
                false,
                0);
    }

    /** A driver that reveals one prepared decision at a given watermark and checks no event lands in a past window. */
    private static final class ScriptedDriver implements SimulationDriver {
        private final Instant revealAt;
        private final Decision decision;
        private final List<Instant> windowEnds = new ArrayList<>();
        private final List<UserEvent> ingested = new ArrayList<>();
        private boolean revealed;

        ScriptedDriver(Instant revealAt, Decision decision) {
            this.revealAt = revealAt;
            this.decision = decision;
        }

        @Override
        public Experiment experiment() {
            return SimulationRuns.EXPERIMENT;
        }

        @Override
        public Duration longestDeliveryDelay() {
            return Duration.ofHours(31);
        }

        @Override
        public void begin(Instant start) {
            assertThat(start).isEqualTo(START);
        }

        @Override
        public void ingest(List<UserEvent> events) {
            Instant from = windowEnds.isEmpty() ? START : windowEnds.get(windowEnds.size() - 1);
            for (UserEvent event : events) {
                assertThat(event.occurredAt()).isAfterOrEqualTo(from);
            }
            ingested.addAll(events);
        }

        @Override
        public List<Decision> advanceTo(Instant watermark) {
            windowEnds.add(watermark);
            if (!revealed && !watermark.isBefore(revealAt)) {
                revealed = true;
                return List.of(decision);
            }
            return List.of();
        }
    }
}
