package io.kairos.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.decision.Decision;
import io.kairos.domain.decision.DecisionStatus;
import io.kairos.domain.experiment.Arm;
import io.kairos.domain.experiment.Experiment;
import io.kairos.domain.experiment.Mode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The triggered population does not depend on the arm (issue 22): the same users, run once in each arm, are triggered
 * at the same moments, so arms compare like with like.
 */
class TriggeredUsersTest {

    @Test
    void givenTheFlashSalePreset_whenTheSameUsersRunInEachArm_thenTheSameUsersAreTriggeredAtTheSameMoments() {
        SimulationParameters parameters = SimulationParameters.defaults(BehaviourPreset.FLASH_SALE).toBuilder()
                .users(5000)
                .seed(1)
                .build();
        SimulationResult control = run(parameters, new Arm("control", 100, Set.of()));
        SimulationResult batch = run(parameters, new Arm("batch", 100, Set.of(Mode.BATCH)));
        SimulationResult realtime = run(parameters, new Arm("realtime", 100, Set.of(Mode.REALTIME)));

        assertThat(control.arm("control").triggeredUsers())
                .isPositive()
                .isEqualTo(batch.arm("batch").triggeredUsers())
                .isEqualTo(realtime.arm("realtime").triggeredUsers());
        assertThat(firstTriggers(batch)).isEqualTo(firstTriggers(control)).isEqualTo(firstTriggers(realtime));
        // The simulator's former count (the preset's campaign, any status, suppressed included) differs by arm: a
        // message of another campaign changes what the user does before the preset's campaign fires.
        assertThat(Set.of(presetCampaignUsers(control), presetCampaignUsers(batch), presetCampaignUsers(realtime)))
                .hasSizeGreaterThan(1);
    }

    private static SimulationResult run(SimulationParameters parameters, Arm arm) {
        return SimulationRuns.fastPath(
                parameters,
                new Experiment("sim-arm", "arm-salt", List.of(arm)),
                FastPathSettings.defaults(parameters.zone()));
    }

    /** Each user's first delivered or ghost decision of any campaign in either mode: the report's trigger. */
    private static Map<String, Instant> firstTriggers(SimulationResult result) {
        Map<String, Instant> first = new TreeMap<>();
        for (Decision decision : result.decisions()) {
            if (decision.status() != DecisionStatus.SUPPRESSED
                    && !decision.triggerAt().isAfter(result.enrolmentCutoff())) {
                first.merge(decision.userId(), decision.triggerAt(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        return first;
    }

    private static long presetCampaignUsers(SimulationResult result) {
        Instant enrolmentEnd =
                result.parameters().start().plus(result.parameters().enrolmentPeriod());
        return result.decisions().stream()
                .filter(d -> d.campaignId().equals(result.parameters().preset().campaignId()))
                .filter(d -> d.triggerAt().isBefore(enrolmentEnd))
                .map(Decision::userId)
                .distinct()
                .count();
    }
}
