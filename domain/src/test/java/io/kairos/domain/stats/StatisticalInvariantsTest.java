package io.kairos.domain.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Properties that must hold on any data, checked on seeded random samples (reproducible by construction). */
class StatisticalInvariantsTest {

    private static final int SAMPLES = 300;

    @Test
    void givenRandomArms_whenProportionArmsSwapped_thenDifferenceNegatesAndPValueIsUnchanged() {
        Random random = new Random(8);
        for (int sample = 0; sample < SAMPLES; sample++) {
            ProportionSample a = randomProportion(random);
            ProportionSample b = randomProportion(random);
            var forward = TwoProportionComparison.of(a, b);
            var backward = TwoProportionComparison.of(b, a);

            assertThat(forward.isPresent()).isEqualTo(backward.isPresent());
            forward.ifPresent(f -> {
                TwoProportionComparison r = backward.orElseThrow();
                assertThat(r.difference()).isCloseTo(-f.difference(), within(1e-15));
                assertThat(r.pValue()).isCloseTo(f.pValue(), within(1e-12));
                assertThat(r.differenceInterval().lower())
                        .isCloseTo(-f.differenceInterval().upper(), within(1e-12));
                assertThat(f.differenceInterval().contains(f.difference())).isTrue();
            });
        }
    }

    @Test
    void givenRandomCurves_whenFitted_thenSurvivalNeverRisesAndLiesInsideItsInterval() {
        Random random = new Random(13);
        for (int sample = 0; sample < SAMPLES; sample++) {
            KaplanMeierEstimate estimate = KaplanMeierEstimate.fit(randomArm(random, 1 + random.nextInt(60)));
            double previous = 1.0;
            for (SurvivalStep step : estimate.steps()) {
                assertThat(step.survival()).isBetween(0.0, previous);
                step.interval()
                        .ifPresent(interval ->
                                assertThat(interval.contains(step.survival())).isTrue());
                assertThat(step.interval().isPresent()).isEqualTo(step.survival() > 0.0);
                previous = step.survival();
            }
            assertThat(estimate.steps().stream().mapToInt(SurvivalStep::events).sum())
                    .isEqualTo(estimate.events());
        }
    }

    @Test
    void givenNoCensoring_whenFitted_thenSurvivalIsTheShareNotYetConverted() {
        Random random = new Random(21);
        for (int sample = 0; sample < SAMPLES; sample++) {
            List<SurvivalObservation> arm = new ArrayList<>();
            int size = 1 + random.nextInt(40);
            for (int i = 0; i < size; i++) {
                arm.add(SurvivalObservation.converted(random.nextInt(15)));
            }
            KaplanMeierEstimate estimate = KaplanMeierEstimate.fit(arm);
            for (int t = 0; t < 16; t++) {
                int time = t;
                long notYet = arm.stream().filter(o -> o.time() > time).count();
                assertThat(estimate.survivalAt(t)).isCloseTo((double) notYet / size, within(1e-12));
            }
        }
    }

    @Test
    void givenRandomCurves_whenRestrictedMeanTaken_thenWithinHorizonAndGrowingWithIt() {
        Random random = new Random(34);
        for (int sample = 0; sample < SAMPLES; sample++) {
            KaplanMeierEstimate estimate = KaplanMeierEstimate.fit(randomArm(random, 1 + random.nextInt(60)));
            double previous = 0.0;
            for (double horizon = 0.0; horizon <= 25.0; horizon += 2.5) {
                RestrictedMeanSurvivalTime mean = estimate.restrictedMean(horizon);
                assertThat(mean.estimate()).isBetween(previous, horizon);
                assertThat(mean.standardError()).isNotNegative();
                previous = mean.estimate();
            }
        }
    }

    @Test
    void givenRandomArms_whenLogRankComputed_thenTotalsAgreeAndArmOrderDoesNotMatter() {
        Random random = new Random(55);
        for (int sample = 0; sample < SAMPLES; sample++) {
            Map<String, List<SurvivalObservation>> arms = new LinkedHashMap<>();
            int armCount = 2 + random.nextInt(3);
            for (int arm = 0; arm < armCount; arm++) {
                arms.put("arm" + arm, randomArm(random, 1 + random.nextInt(30)));
            }
            List<String> shuffledNames = new ArrayList<>(arms.keySet());
            Collections.shuffle(shuffledNames, random);
            Map<String, List<SurvivalObservation>> shuffled = new LinkedHashMap<>();
            shuffledNames.forEach(name -> shuffled.put(name, arms.get(name)));

            var test = LogRankTest.compare(arms);
            var reordered = LogRankTest.compare(shuffled);

            assertThat(test.isPresent()).isEqualTo(reordered.isPresent());
            test.ifPresent(t -> {
                double observed =
                        t.groups().stream().mapToDouble(LogRankGroup::observed).sum();
                double expected =
                        t.groups().stream().mapToDouble(LogRankGroup::expected).sum();
                assertThat(expected).isCloseTo(observed, within(1e-9));
                assertThat(reordered.orElseThrow().chiSquare())
                        .isCloseTo(t.chiSquare(), within(1e-9 * Math.max(1.0, t.chiSquare())));
                assertThat(t.pValue()).isBetween(0.0, 1.0);
            });
        }
    }

    private static ProportionSample randomProportion(Random random) {
        int users = 1 + random.nextInt(500);
        return new ProportionSample(random.nextInt(users + 1), users);
    }

    private static List<SurvivalObservation> randomArm(Random random, int size) {
        List<SurvivalObservation> arm = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            arm.add(new SurvivalObservation(random.nextInt(20), random.nextDouble() < 0.6));
        }
        return arm;
    }
}
