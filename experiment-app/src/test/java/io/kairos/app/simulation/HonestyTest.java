package io.kairos.app.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.experiment.Arm;
import io.kairos.domain.experiment.Experiment;
import io.kairos.domain.experiment.Mode;
import io.kairos.domain.stats.TwoProportionComparison;
import java.lang.management.ManagementFactory;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The simulator's scientific honesty (issue 7): without timing effects real time must not win; an A/A split must
 * show about alpha false positives; with the default decay real time must win at the demo size.
 */
class HonestyTest {

    private static final double ALPHA = 0.05;

    @Test
    void givenNoTimingEffects_whenFortySeedsRun_thenRealtimeVersusBatchIsNotSignificantInAtLeast85Percent() {
        long cpu = cpuMillis();
        SimulationParameters base = SimulationRuns.busyPopulation(1000).withoutTimingEffects();
        int significant = 0;
        double differenceSum = 0;
        for (long seed = 1; seed <= 40; seed++) {
            SimulationResult result = SimulationRuns.fastPath(base.withSeed(seed));
            TwoProportionComparison comparison =
                    result.compareConversion("batch", "realtime").orElseThrow();
            differenceSum += comparison.difference();
            if (comparison.pValue() < ALPHA) {
                significant++;
            }
        }
        System.out.printf(
                "honest null: %d/40 significant at alpha 0.05, mean difference %.4f (%d ms CPU)%n",
                significant, differenceSum / 40, cpuMillis() - cpu);
        assertThat(40 - significant).isGreaterThanOrEqualTo(34);
    }

    @Test
    void givenTwoArmsWithIdenticalTreatment_when200SeedsRun_thenFalsePositiveRateIsNearAlpha() {
        Experiment aa = new Experiment(
                "sim-aa",
                "aa-salt",
                List.of(new Arm("a", 50, Set.of(Mode.REALTIME)), new Arm("b", 50, Set.of(Mode.REALTIME))));
        long cpu = cpuMillis();
        SimulationParameters base = SimulationRuns.busyPopulation(400);
        FastPathSettings realtimeOnly = FastPathSettings.defaults(base.zone()).withModes(EnumSet.of(Mode.REALTIME));
        int significant = 0;
        for (long seed = 1; seed <= 200; seed++) {
            SimulationResult result = SimulationRuns.fastPath(base.withSeed(seed), aa, realtimeOnly);
            if (result.compareConversion("a", "b").orElseThrow().pValue() < ALPHA) {
                significant++;
            }
        }
        double falsePositiveRate = significant / 200.0;
        System.out.printf(
                "A/A: false-positive rate %.3f (%d/200) (%d ms CPU)%n",
                falsePositiveRate, significant, cpuMillis() - cpu);
        assertThat(falsePositiveRate).isBetween(0.02, 0.09);
    }

    @Test
    void givenDefaultDecay_whenTheDemoRuns_thenRealtimeBeatsBatchSignificantly() {
        long cpu = cpuMillis();
        // Exactly what 'kairos demo' runs: its parameters, its experiment (key and salt "demo") and its schedule. The
        // full path makes the same decisions as this fast path (FullPathIT), so this is the demo's own comparison.
        SimulationParameters demo = SimulationParameters.demo();
        SimulationResult result = SimulationRuns.fastPath(
                demo, Experiment.batchVersusRealtime("demo", "demo"), FastPathSettings.defaults(demo.zone()));

        TwoProportionComparison comparison =
                result.compareConversion("batch", "realtime").orElseThrow();
        System.out.printf(
                "default decay, %d users: control %.4f, batch %.4f, realtime %.4f, p %.2g (%d ms CPU)%n",
                result.parameters().users(),
                result.arm("control").conversionRate(),
                result.arm("batch").conversionRate(),
                result.arm("realtime").conversionRate(),
                comparison.pValue(),
                cpuMillis() - cpu);
        assertThat(comparison.difference()).isPositive();
        assertThat(comparison.pValue()).isLessThan(ALPHA);
    }

    /** CPU time of this thread: the loops' cost independent of what else runs on the machine. */
    private static long cpuMillis() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1_000_000;
    }
}
