package io.kairos.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.decision.Decision;
import io.kairos.domain.decision.DecisionStatus;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PresetTest {

    @ParameterizedTest
    @EnumSource(BehaviourPreset.class)
    void givenPreset_whenRun_thenItsDefaultCampaignIsTriggeredAndDeliveredInBothModes(BehaviourPreset preset) {
        SimulationParameters parameters = SimulationParameters.defaults(preset).toBuilder()
                .users(400)
                .enrolmentPeriod(Duration.ofDays(5))
                .attributionWindow(Duration.ofDays(3))
                .build();

        SimulationResult result = SimulationRuns.fastPath(parameters);

        var own = result.decisions().stream()
                .filter(d -> d.campaignId().equals(preset.campaignId()))
                .toList();
        assertThat(own).extracting(Decision::status).contains(DecisionStatus.DELIVERED, DecisionStatus.GHOST);
        assertThat(own)
                .filteredOn(d -> d.status() == DecisionStatus.DELIVERED)
                .extracting(Decision::arm)
                .contains("batch", "realtime")
                .doesNotContain("control");
        assertThat(result.arm("realtime").triggeredUsers()).isPositive();
        assertThat(result.arm("batch").triggeredUsers()).isPositive();
        assertThat(result.arm("control").deliveredMessages()).isZero();
    }
}
