package io.kairos.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DecayTest {

    private static final Duration WEEK = Duration.ofDays(7);

    @Test
    void givenSixHourHalfLife_whenFactorsComputed_thenHalfAfterSixHoursAndQuarterAfterTwelve() {
        HalfLife sixHours = HalfLife.of(Duration.ofHours(6));

        assertThat(sixHours.factor(Duration.ZERO)).isEqualTo(1.0);
        assertThat(sixHours.factor(Duration.ofHours(6))).isCloseTo(0.5, offset(1e-12));
        assertThat(sixHours.factor(Duration.ofHours(12))).isCloseTo(0.25, offset(1e-12));
    }

    @Test
    void givenNoDecay_whenFactorComputed_thenOneWhateverTheDelay() {
        assertThat(HalfLife.NONE.factor(Duration.ofDays(30))).isEqualTo(1.0);
        assertThat(HalfLife.NONE.hours()).isInfinite();
    }

    @Test
    void givenDecayingOrConstantHazard_whenCumulatedOverTheWindow_thenNaturalConversionIsTheConfiguredOne() {
        for (HalfLife halfLife : new HalfLife[] {HalfLife.of(Duration.ofHours(24)), HalfLife.NONE}) {
            NaturalIntent intent = new NaturalIntent(0.12, halfLife, WEEK);

            assertThat(1 - Math.exp(-intent.cumulative(7 * 24))).isCloseTo(0.12, offset(1e-12));
        }
    }

    @Test
    void givenDecayingHazard_whenPurchaseTimesDrawnByInversion_thenShareWithinWindowMatchesAndLaterOnesAreRare() {
        NaturalIntent intent = new NaturalIntent(0.12, HalfLife.of(Duration.ofHours(24)), WEEK);
        SplittableRandom random = new SplittableRandom(7);
        int draws = 200_000;
        int withinWindow = 0;
        int withinDay = 0;
        for (int i = 0; i < draws; i++) {
            double hours = intent.hoursToPurchase(RandomVariates.exponential(random));
            withinWindow += hours <= 7 * 24 ? 1 : 0;
            withinDay += hours <= 24 ? 1 : 0;
        }

        assertThat(withinWindow / (double) draws).isCloseTo(0.12, offset(0.003));
        assertThat(withinDay / (double) draws).isCloseTo(1 - Math.exp(-intent.cumulative(24)), offset(0.003));
        assertThat(withinDay).isGreaterThan(withinWindow / 2);
    }

    @Test
    void givenSameSeedUserAndPurpose_whenStreamsCreated_thenIdenticalAndOtherwiseDifferent() {
        long first = RandomVariates.stream(42, 7, RandomVariates.BEHAVIOUR).nextLong();

        assertThat(RandomVariates.stream(42, 7, RandomVariates.BEHAVIOUR).nextLong())
                .isEqualTo(first);
        assertThat(RandomVariates.stream(42, 7, RandomVariates.RESPONSE).nextLong())
                .isNotEqualTo(first);
        assertThat(RandomVariates.stream(42, 8, RandomVariates.BEHAVIOUR).nextLong())
                .isNotEqualTo(first);
        assertThat(RandomVariates.stream(43, 7, RandomVariates.BEHAVIOUR).nextLong())
                .isNotEqualTo(first);
    }
}
