package io.kairos.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.decision.Decision;
import io.kairos.domain.decision.DecisionStatus;
import io.kairos.domain.event.KnownEventType;
import io.kairos.domain.event.UserEvent;
import io.kairos.domain.experiment.Arm;
import io.kairos.domain.experiment.Experiment;
import io.kairos.domain.experiment.Mode;
import io.kairos.domain.stats.TwoProportionComparison;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The simulator's and the report's scientific honesty (issues 7 and 22): without timing effects the real-time minus
 * batch difference must average zero; A/A splits in either mode must show false positives at the nominal rate; with
 * the default decay real time must win at the demo size. Outcomes are the report's (first delivered or ghost decision
 * of any campaign, enrolment cut-off), as {@link Simulator} computes them.
 */
class HonestyTest {

    private static final double ALPHA = 0.05;

    private static final int SEEDS = 200;

    /**
     * The 95% binomial interval of the number of significant seeds out of 200 when each is significant with
     * probability 0.05. R 4.2.2: {@code qbinom(c(0.025, 0.975), 200, 0.05)} -> 4 16.
     */
    private static final int FEWEST_SIGNIFICANT = 4;

    private static final int MOST_SIGNIFICANT = 16;

    @Test
    void givenNoTimingEffects_whenTheSameUsersRunInEachMode_thenRealtimeMinusBatchAveragesZeroWithinATenthOfAPoint() {
        long started = System.nanoTime();
        // Paired runs: every user of a seed in real time, then the same users in batch (common random numbers), so
        // the seed's difference carries only what the mode changes. 80 seeds of 6,000 users.
        SimulationParameters base = SimulationRuns.busyPopulation(6000).withoutTimingEffects();
        int seeds = 80;
        double[] withCutoff = new double[seeds];
        double[] withoutCutoff = new double[seeds];
        // seeds are independent runs: on every core, each writing its own slot
        IntStream.range(0, seeds).parallel().forEach(i -> {
            SimulationParameters parameters = base.withSeed(i + 1);
            SimulationResult realtime = SimulationRuns.fastPath(
                    parameters, SimulationRuns.only("realtime", Mode.REALTIME), settings(parameters));
            SimulationResult batch =
                    SimulationRuns.fastPath(parameters, SimulationRuns.only("batch", Mode.BATCH), settings(parameters));
            assertThat(realtime.arm("realtime").triggeredUsers())
                    .as("seed %d: the same users are triggered in both modes", i + 1)
                    .isEqualTo(batch.arm("batch").triggeredUsers());
            withCutoff[i] = realtime.arm("realtime").conversionRate()
                    - batch.arm("batch").conversionRate();
            withoutCutoff[i] = conversionWithoutCutoff(realtime) - conversionWithoutCutoff(batch);
        });
        double[] interval = meanInterval(withCutoff);
        double[] late = meanInterval(withoutCutoff);
        System.out.printf(
                "honest null, paired: realtime - batch %+.4f pp (95%% CI %+.4f to %+.4f); without the cut-off %+.4f pp"
                        + " (%+.4f to %+.4f) (%d ms)%n",
                100 * interval[0],
                100 * interval[1],
                100 * interval[2],
                100 * late[0],
                100 * late[1],
                100 * late[2],
                elapsedMillis(started));
        assertThat(interval[1]).isLessThanOrEqualTo(0.0);
        assertThat(interval[2]).isGreaterThanOrEqualTo(0.0);
        assertThat(interval[2] - interval[1]).isLessThan(0.001);
        // The same runs read without the cut-off, as the report did before it: users triggered late get real time's
        // message in time and batch's too late, so real time leads with no timing effect in the model.
        assertThat(late[1]).as("without the cut-off real time leads").isPositive();
    }

    @Test
    void givenNoTimingEffects_whenBatchAndRealtimeAreRandomised_thenSignificantSeedsAreAtTheNominalRate() {
        long started = System.nanoTime();
        // The report's own comparison on a randomised split (control 10 / batch 45 / realtime 45) of 1,000 busy
        // users, seeds 1..1000. R 4.2.2: qbinom(c(0.025, 0.975), 1000, 0.05) -> 37 64
        SimulationParameters base = SimulationRuns.busyPopulation(1000).withoutTimingEffects();
        int seeds = 1000;
        int significant = (int) LongStream.rangeClosed(1, seeds)
                .parallel()
                .filter(seed -> SimulationRuns.fastPath(base.withSeed(seed))
                                .compareConversion("batch", "realtime")
                                .orElseThrow()
                                .pValue()
                        < ALPHA)
                .count();
        System.out.printf(
                "honest null, randomised: %d/%d significant (%d ms)%n", significant, seeds, elapsedMillis(started));
        assertThat(significant).isBetween(37, 64);
    }

    @Test
    void givenTwoArmsBothActingInRealTime_when200SeedsRun_thenFalsePositivesAreAtTheNominalRate() {
        assertThat(aaFalsePositives(Mode.REALTIME)).isBetween(FEWEST_SIGNIFICANT, MOST_SIGNIFICANT);
    }

    @Test
    void givenTwoArmsBothActingInBatch_when200SeedsRun_thenFalsePositivesAreAtTheNominalRate() {
        assertThat(aaFalsePositives(Mode.BATCH)).isBetween(FEWEST_SIGNIFICANT, MOST_SIGNIFICANT);
    }

    @Test
    void givenDefaultDecay_whenTheDemoRuns_thenRealtimeBeatsBatchSignificantly() {
        long started = System.nanoTime();
        // Exactly what 'kairos demo' runs: its parameters, its experiment (key and salt "demo") and its schedule. The
        // full path makes the same decisions as this fast path (FullPathIT), so this is the demo's own comparison.
        SimulationParameters demo = SimulationParameters.demo();
        SimulationResult result = SimulationRuns.fastPath(
                demo, Experiment.batchVersusRealtime("demo", "demo"), FastPathSettings.defaults(demo.zone()));

        TwoProportionComparison comparison =
                result.compareConversion("batch", "realtime").orElseThrow();
        System.out.printf(
                "default decay, %d users: control %.4f, batch %.4f, realtime %.4f, p %.2g (%d ms)%n",
                result.parameters().users(),
                result.arm("control").conversionRate(),
                result.arm("batch").conversionRate(),
                result.arm("realtime").conversionRate(),
                comparison.pValue(),
                elapsedMillis(started));
        assertThat(comparison.difference()).isPositive();
        assertThat(comparison.pValue()).isLessThan(ALPHA);
    }

    /** Seeds out of 200 in which two arms treated alike in {@code mode} differ significantly in conversion. */
    private static int aaFalsePositives(Mode mode) {
        Experiment aa = new Experiment(
                "sim-aa", "aa-salt", List.of(new Arm("a", 50, Set.of(mode)), new Arm("b", 50, Set.of(mode))));
        long started = System.nanoTime();
        SimulationParameters base = SimulationRuns.busyPopulation(400);
        FastPathSettings oneMode = FastPathSettings.defaults(base.zone()).withModes(EnumSet.of(mode));
        int significant = (int) LongStream.rangeClosed(1, SEEDS)
                .parallel()
                .filter(seed -> SimulationRuns.fastPath(base.withSeed(seed), aa, oneMode)
                                .compareConversion("a", "b")
                                .orElseThrow()
                                .pValue()
                        < ALPHA)
                .count();
        System.out.printf("A/A in %s: %d/%d significant (%d ms)%n", mode, significant, SEEDS, elapsedMillis(started));
        return significant;
    }

    private static FastPathSettings settings(SimulationParameters parameters) {
        return FastPathSettings.defaults(parameters.zone());
    }

    /**
     * Conversion among triggered users of a one-arm run as the report read it before the enrolment cut-off: every
     * user triggered before the end of observation, converted by a purchase within the window (or before the end).
     */
    private static double conversionWithoutCutoff(SimulationResult result) {
        Map<String, Instant> firstTrigger = new HashMap<>();
        for (Decision decision : result.decisions()) {
            if (decision.status() != DecisionStatus.SUPPRESSED) {
                firstTrigger.merge(decision.userId(), decision.triggerAt(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        Map<String, Instant> converted = new HashMap<>();
        for (UserEvent event : result.events()) {
            Instant trigger = firstTrigger.get(event.userId());
            if (trigger != null
                    && event.type().equals(KnownEventType.PURCHASE.wireName())
                    && event.occurredAt().isAfter(trigger)) {
                converted.putIfAbsent(event.userId(), event.occurredAt());
            }
        }
        long conversions = converted.entrySet().stream()
                .filter(e -> !e.getValue()
                        .isAfter(firstTrigger
                                .get(e.getKey())
                                .plus(result.parameters().attributionWindow())))
                .count();
        return (double) conversions / firstTrigger.size();
    }

    /** Mean of the seeds' differences and its 95% t interval: {mean, lower, upper}. */
    private static double[] meanInterval(double[] values) {
        int n = values.length;
        double mean = 0;
        for (double v : values) {
            mean += v / n;
        }
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        // R 4.2.2: qt(0.975, 79) -> 1.990450
        double margin = 1.990450 * Math.sqrt(squares / (n - 1) / n);
        return new double[] {mean, mean - margin, mean + margin};
    }

    /** Wall-clock milliseconds since {@code started} (nanoTime), for the log. */
    private static long elapsedMillis(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
