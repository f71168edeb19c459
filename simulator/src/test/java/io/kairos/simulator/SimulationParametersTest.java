package io.kairos.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kairos.domain.event.Channel;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SimulationParametersTest {

    @Test
    void givenDefaults_whenRead_thenCartAbandonmentWithDocumentedValues() {
        SimulationParameters defaults = SimulationParameters.defaults();

        assertThat(defaults.preset()).isEqualTo(BehaviourPreset.CART_ABANDONMENT);
        assertThat(defaults.users()).isEqualTo(20_000);
        assertThat(defaults.window()).isEqualTo(Duration.ofMinutes(5));
        assertThat(defaults.attributionWindow()).isEqualTo(Duration.ofDays(7));
        assertThat(defaults.cartAbandonmentRate()).isEqualTo(0.70);
        assertThat(defaults.addToCartRate() * (1 - defaults.cartAbandonmentRate()))
                .isCloseTo(0.03, within());
        assertThat(defaults.intentHalfLife()).isEqualTo(HalfLife.of(Duration.ofHours(24)));
        assertThat(defaults.messageEffectHalfLife()).isEqualTo(HalfLife.of(Duration.ofHours(6)));
        assertThat(defaults.response(Channel.EMAIL)).isEqualTo(new ChannelResponse(0.21, 0.026));
        assertThat(defaults.end()).isEqualTo(defaults.start().plus(Duration.ofDays(21)));
    }

    @ParameterizedTest
    @EnumSource(BehaviourPreset.class)
    void givenEveryPreset_whenDefaultsBuilt_thenValidAndCarryThePreset(BehaviourPreset preset) {
        assertThat(SimulationParameters.defaults(preset).preset()).isEqualTo(preset);
    }

    @Test
    void givenDefaults_whenTimingEffectsSwitchedOff_thenNoDecayAndNoFatigueButAllElseKept() {
        SimulationParameters defaults = SimulationParameters.defaults();

        SimulationParameters off = defaults.withoutTimingEffects();

        assertThat(off.intentHalfLife().decays()).isFalse();
        assertThat(off.messageEffectHalfLife().decays()).isFalse();
        assertThat(off.engagementHalfLife().decays()).isFalse();
        assertThat(off.fatiguePerMessage()).isZero();
        assertThat(off.toBuilder()
                        .intentHalfLife(defaults.intentHalfLife())
                        .messageEffectHalfLife(defaults.messageEffectHalfLife())
                        .engagementHalfLife(defaults.engagementHalfLife())
                        .fatiguePerMessage(defaults.fatiguePerMessage())
                        .build())
                .isEqualTo(defaults);
    }

    @Test
    void givenSeveralBadValues_whenBuilt_thenEveryProblemIsListedWithNameRuleAndValue() {
        InvalidSimulationParameters error = catchThrowableOfType(
                () -> SimulationParameters.builder()
                        .users(0)
                        .cartAbandonmentRate(1.5)
                        .window(Duration.ZERO)
                        .messageEffectHalfLife(HalfLife.of(Duration.ofHours(-1)))
                        .build(),
                InvalidSimulationParameters.class);

        assertThat(error.problems())
                .containsExactly(
                        "users must be between 1 and 2000000, was 0",
                        "window must be positive, was PT0S",
                        "cartAbandonmentRate must be in [0, 1], was 1.5",
                        "messageEffectHalfLife must be positive or none, was PT-1H");
        assertThat(error).hasMessageStartingWith("invalid simulation parameters: users must be between");
    }

    @Test
    void givenClickRateAboveOpenRate_whenBuilt_thenRejectedBecauseAClickImpliesAnOpen() {
        assertThatThrownBy(() -> SimulationParameters.builder()
                        .channelResponse(Channel.PUSH, new ChannelResponse(0.05, 0.10))
                        .build())
                .isInstanceOf(InvalidSimulationParameters.class)
                .hasMessageContaining("channelResponses.push.clickRate must be in [0, openRate]");
    }

    @Test
    void givenAttributionShorterThanOneWindow_whenBuilt_thenRejected() {
        assertThatThrownBy(() -> SimulationParameters.builder()
                        .window(Duration.ofHours(2))
                        .attributionWindow(Duration.ofHours(1))
                        .build())
                .hasMessageContaining("attributionWindow must be at least one window (PT2H), was PT1H");
    }

    @Test
    void givenMissingValues_whenBuilt_thenEachNamed() {
        assertThatThrownBy(() -> SimulationParameters.builder()
                        .start(null)
                        .fatigueWindow(null)
                        .channelResponses(null)
                        .build())
                .hasMessageContaining("start must be given")
                .hasMessageContaining("fatigueWindow must be given")
                .hasMessageContaining("channelResponses must be given");
    }

    @Test
    void givenNaturalConversionOfOne_whenBuilt_thenRejectedAsCertainConversionLeavesNoRoomForMessages() {
        assertThatThrownBy(() ->
                        SimulationParameters.builder().naturalConversion(1.0).build())
                .hasMessageContaining("naturalConversion must be in [0, 1), was 1.0");
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-12);
    }
}
