package io.kairos.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.decision.Decision;
import io.kairos.domain.decision.DecisionStatus;
import io.kairos.domain.event.KnownEventType;
import io.kairos.domain.event.UserEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-arm outcome, recomputed independently from the event log and the decisions by the report's definitions. */
class OutcomeTest {

    @Test
    void givenRun_whenOutcomesRecomputedFromLogAndDecisions_thenTheSameCountsPerArm() {
        SimulationParameters parameters = SimulationRuns.busyPopulation(500);
        SimulationResult result = SimulationRuns.fastPath(parameters);
        // the report's cut-off: latest event − 31 h (02:00 cut-off, 09:00 send) − attribution window
        Instant observationEnd = result.events().stream()
                .map(UserEvent::occurredAt)
                .max(Instant::compareTo)
                .orElseThrow();
        Instant cutoff = observationEnd.minus(Duration.ofHours(31)).minus(parameters.attributionWindow());
        assertThat(result.enrolmentCutoff()).isEqualTo(cutoff);

        Map<String, Instant> firstTrigger = new HashMap<>();
        for (Decision decision : result.decisions()) {
            if (decision.status() != DecisionStatus.SUPPRESSED) {
                firstTrigger.merge(decision.userId(), decision.triggerAt(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        firstTrigger.values().removeIf(trigger -> trigger.isAfter(cutoff));
        Map<String, Instant> firstPurchaseAfterTrigger = new HashMap<>();
        for (UserEvent event : result.events()) {
            Instant trigger = firstTrigger.get(event.userId());
            if (trigger != null
                    && event.type().equals(KnownEventType.PURCHASE.wireName())
                    && event.occurredAt().isAfter(trigger)) {
                firstPurchaseAfterTrigger.putIfAbsent(event.userId(), event.occurredAt());
            }
        }
        Map<String, long[]> expected = new HashMap<>();
        for (int i = 0; i < parameters.users(); i++) {
            String user = String.format("u%07d", i);
            long[] counts = expected.computeIfAbsent(
                    SimulationRuns.EXPERIMENT.assign(user).arm().name(), a -> new long[3]);
            counts[0]++;
            Instant trigger = firstTrigger.get(user);
            if (trigger != null) {
                counts[1]++;
                Instant purchase = firstPurchaseAfterTrigger.get(user);
                if (purchase != null && !purchase.isAfter(trigger.plus(parameters.attributionWindow()))) {
                    counts[2]++;
                }
            }
        }

        for (ArmOutcome arm : result.arms()) {
            long[] counts = expected.get(arm.arm());
            assertThat(new long[] {arm.users(), arm.triggeredUsers(), arm.convertedUsers()})
                    .as(arm.arm())
                    .containsExactly(counts);
        }
        assertThat(result.arms())
                .extracting(ArmOutcome::users)
                .containsExactly(expected.get("control")[0], expected.get("batch")[0], expected.get("realtime")[0]);
        assertThat(result.arm("realtime").convertedUsers()).isPositive();
        assertThat(result.arm("control").deliveredMessages()).isZero();
        assertThat(result.arm("realtime").openedMessages())
                .isPositive()
                .isLessThanOrEqualTo(result.arm("realtime").deliveredMessages());
        assertThat(result.arm("realtime").clickedMessages())
                .isLessThanOrEqualTo(result.arm("realtime").openedMessages());
    }
}
