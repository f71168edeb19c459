package io.kairos.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.decision.Decision;
import io.kairos.domain.event.KnownEventType;
import io.kairos.domain.event.UserEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class CausalityTest {

    @ParameterizedTest
    @EnumSource(BehaviourPreset.class)
    void givenEveryPreset_whenRun_thenNoReactionPrecedesItsDelivery(BehaviourPreset preset) {
        SimulationParameters parameters = SimulationParameters.defaults(preset).toBuilder()
                .users(400)
                .enrolmentPeriod(Duration.ofDays(5))
                .attributionWindow(Duration.ofDays(3))
                .build();

        SimulationResult result = SimulationRuns.fastPath(parameters);

        assertThat(result.reactions()).isNotEmpty();
        assertThat(result.reactions())
                .allSatisfy(r -> assertThat(r.followsDelivery()).isTrue());
        assertEveryOpenAndClickFollowsItsDeliveredDecision(result);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 60, 360})
    void givenAnyWindowSize_whenRun_thenNoReactionPrecedesItsDelivery(int windowMinutes) {
        SimulationParameters parameters = SimulationRuns.busyPopulation(300).toBuilder()
                .window(Duration.ofMinutes(windowMinutes))
                .build();

        SimulationResult result = SimulationRuns.fastPath(parameters);

        assertThat(result.reactions()).isNotEmpty();
        assertThat(result.reactions())
                .allSatisfy(r -> assertThat(r.followsDelivery()).isTrue());
        assertEveryOpenAndClickFollowsItsDeliveredDecision(result);
    }

    /** Checks the log itself, not only the simulator's own record of reactions. */
    private static void assertEveryOpenAndClickFollowsItsDeliveredDecision(SimulationResult result) {
        Map<String, Instant> deliveredAt = new HashMap<>();
        for (Decision decision : result.decisions()) {
            if (decision.deliveredAt() != null) {
                deliveredAt.put(decision.id().toString(), decision.deliveredAt());
            }
        }
        long responses = 0;
        for (UserEvent event : result.events()) {
            String type = event.type();
            if (type.equals(KnownEventType.MESSAGE_OPENED.wireName())
                    || type.equals(KnownEventType.MESSAGE_CLICKED.wireName())) {
                Instant delivery = deliveredAt.get((String) event.property("message_id"));
                assertThat(delivery)
                        .as("delivery of %s", event.property("message_id"))
                        .isNotNull();
                assertThat(event.occurredAt()).isAfter(delivery);
                responses++;
            }
        }
        assertThat(responses).isPositive();
    }
}
