package io.kairos.report.outcomes;

import io.kairos.domain.experiment.SampleRatioCheck;
import io.kairos.domain.stats.SurvivalObservation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What {@code kairos stats} reports on an outcome file: each arm's figures and each other arm against the control.
 *
 * @param control the control arm's name
 * @param horizonHours the horizon of the restricted mean time to conversion, the same for every arm
 * @param arms the control first, then the other arms in the order they first appear in the file
 * @param comparisons each arm other than the control against it, in the order of {@code arms}
 * @param sampleRatio the sample-ratio-mismatch check of the arms' sizes against the weights; empty when no weights
 *     were given or the file has a single arm
 */
public record OutcomeAnalysis(
        String control,
        double horizonHours,
        List<ArmStatistics> arms,
        List<ControlComparison> comparisons,
        Optional<SampleRatioCheck.Result> sampleRatio) {

    public OutcomeAnalysis {
        arms = List.copyOf(arms);
        comparisons = List.copyOf(comparisons);
    }

    /**
     * Analyses the file against {@code control}. Without a horizon, the restricted mean runs to the smallest of the
     * arms' largest observed durations (R survRM2's default), so that no arm's curve is extrapolated.
     *
     * @throws InvalidOutcomeFile when the control is not in the file, or the weights do not name exactly its arms
     */
    public static OutcomeAnalysis of(
            OutcomeFile file, String control, OptionalDouble horizonHours, Optional<ArmWeights> weights) {
        ArmOutcomes controlOutcomes = file.arm(control)
                .orElseThrow(() -> new InvalidOutcomeFile("the control arm '" + control
                        + "' does not appear in the file; its arms are " + String.join(", ", file.armNames())
                        + " (choose one with --control)"));
        List<ArmOutcomes> ordered = new ArrayList<>();
        ordered.add(controlOutcomes);
        file.arms().stream().filter(arm -> arm != controlOutcomes).forEach(ordered::add);
        double horizon = horizonHours.orElseGet(() -> defaultHorizon(ordered));
        List<ArmStatistics> arms = ordered.stream()
                .map(outcomes -> ArmStatistics.of(outcomes, horizon))
                .toList();
        List<ControlComparison> comparisons = arms.subList(1, arms.size()).stream()
                .map(arm -> ControlComparison.of(arms.get(0), arm))
                .toList();
        Optional<SampleRatioCheck.Result> sampleRatio = weights.flatMap(given -> sampleRatio(ordered, given, file));
        return new OutcomeAnalysis(control, horizon, arms, comparisons, sampleRatio);
    }

    private static double defaultHorizon(List<ArmOutcomes> arms) {
        return arms.stream()
                .mapToDouble(arm -> arm.timesToConversion().stream()
                        .mapToDouble(SurvivalObservation::time)
                        .max()
                        .orElseThrow())
                .min()
                .orElseThrow();
    }

    private static Optional<SampleRatioCheck.Result> sampleRatio(
            List<ArmOutcomes> arms, ArmWeights weights, OutcomeFile file) {
        for (String named : weights.weights().keySet()) {
            if (file.arm(named).isEmpty()) {
                throw new InvalidOutcomeFile("--weights names arm '" + named + "', which does not appear in the file;"
                        + " its arms are " + String.join(", ", file.armNames()));
            }
        }
        long[] counts = new long[arms.size()];
        double[] shares = new double[arms.size()];
        for (int i = 0; i < arms.size(); i++) {
            ArmOutcomes arm = arms.get(i);
            Double weight = weights.weights().get(arm.arm());
            if (weight == null) {
                throw new InvalidOutcomeFile("arm '" + arm.arm() + "' (first on line " + arm.firstLine()
                        + ") has no weight in --weights; give every arm of the file a weight");
            }
            counts[i] = arm.users();
            shares[i] = weight;
        }
        return arms.size() < 2 ? Optional.empty() : Optional.of(SampleRatioCheck.check(counts, shares));
    }
}
