package io.kairos.domain.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HolmAdjustmentTest {

    @Test
    void givenThreePairwisePValues_whenAdjusted_thenMatchesRPAdjustHolm() {
        // R 4.2.2: sprintf('%.12f', p.adjust(c(0.01, 0.04, 0.03), method = "holm"))
        //   -> 0.030000000000 0.060000000000 0.060000000000
        assertThat(HolmAdjustment.adjust(0.01, 0.04, 0.03))
                .containsExactly(new double[] {0.03, 0.06, 0.06}, within(1e-15));
    }

    @Test
    void givenUnsortedPValues_whenAdjusted_thenEachKeepsItsPlace() {
        // R 4.2.2: p.adjust(c(0.2, 0.001, 0.04), method = "holm") -> 0.200000000000 0.003000000000 0.080000000000
        assertThat(HolmAdjustment.adjust(0.2, 0.001, 0.04))
                .containsExactly(new double[] {0.2, 0.003, 0.08}, within(1e-15));
    }

    @Test
    void givenLargePValues_whenAdjusted_thenCappedAtOne() {
        // R 4.2.2: p.adjust(c(0.6, 0.7, 0.9), method = "holm") -> 1 1 1
        assertThat(HolmAdjustment.adjust(0.6, 0.7, 0.9)).containsExactly(1.0, 1.0, 1.0);
    }

    @Test
    void givenTiedPValues_whenAdjusted_thenBothGetTheLargerMultiplierAsR() {
        // R 4.2.2: p.adjust(c(0.03, 0.03, 0.5), method = "holm") -> 0.090000000000 0.090000000000 0.500000000000
        assertThat(HolmAdjustment.adjust(0.03, 0.03, 0.5))
                .containsExactly(new double[] {0.09, 0.09, 0.5}, within(1e-15));
    }

    @Test
    void givenASingleTest_whenAdjusted_thenUnchanged() {
        // R 4.2.2: p.adjust(0.0086, method = "holm") -> 0.008600000000
        assertThat(HolmAdjustment.adjust(0.0086)).containsExactly(0.0086);
        assertThat(HolmAdjustment.adjust()).isEmpty();
    }

    @Test
    void givenAPValueOutsideTheUnitInterval_whenAdjusted_thenRefused() {
        assertThatThrownBy(() -> HolmAdjustment.adjust(0.1, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> HolmAdjustment.adjust(1.5)).hasMessageContaining("1.5");
    }
}
