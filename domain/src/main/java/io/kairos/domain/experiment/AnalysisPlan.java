package io.kairos.domain.experiment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The analysis an experiment registers before it starts, so that nobody picks the window or the metric after seeing
 * the results: the report and the dashboard use it by default and label anything else exploratory.
 *
 * @param primaryMetric the metric the experiment decides on, one of {@link #METRICS}
 * @param secondaryMetrics further metrics reported, none the primary one, each once
 * @param attributionWindow how long after a trigger a purchase counts as its conversion
 * @param horizon how long the experiment runs once started (its planned end is the start plus this)
 * @param alpha the significance level of the primary comparison, in (0, 0.5]
 * @param minimumDetectableEffect the smallest relative lift of the primary metric worth detecting (0.10: +10 %)
 * @param power the probability of detecting that lift when it is there, in [0.5, 1)
 */
public record AnalysisPlan(
        String primaryMetric,
        List<String> secondaryMetrics,
        Duration attributionWindow,
        Duration horizon,
        double alpha,
        double minimumDetectableEffect,
        double power) {

    /** The metrics a plan may name: those the report computes for every arm. */
    public static final List<String> METRICS =
            List.of("conversion", "conversion_assigned", "click_through", "time_to_conversion", "revenue_per_visitor");

    public AnalysisPlan {
        List<String> problems = new ArrayList<>();
        if (primaryMetric == null || !METRICS.contains(primaryMetric)) {
            problems.add("the primary metric must be one of " + String.join(", ", METRICS) + ", was '" + primaryMetric
                    + "'");
        }
        secondaryMetrics = secondaryMetrics == null ? List.of() : List.copyOf(secondaryMetrics);
        Set<String> seen = new LinkedHashSet<>();
        for (String metric : secondaryMetrics) {
            if (!METRICS.contains(metric)) {
                problems.add("secondary metric '" + metric + "' is not one of " + String.join(", ", METRICS));
            } else if (metric.equals(primaryMetric)) {
                problems.add("secondary metric '" + metric + "' is the primary one");
            } else if (!seen.add(metric)) {
                problems.add("secondary metric '" + metric + "' is named twice");
            }
        }
        if (attributionWindow == null || attributionWindow.isNegative() || attributionWindow.isZero()) {
            problems.add("the attribution window must be positive, was " + attributionWindow);
        } else if (attributionWindow.toSeconds() % Duration.ofHours(1).toSeconds() != 0) {
            problems.add("the attribution window must be whole hours, was " + attributionWindow);
        }
        if (horizon == null || horizon.isNegative() || horizon.isZero()) {
            problems.add("the horizon must be positive, was " + horizon);
        } else if (attributionWindow != null && horizon.compareTo(attributionWindow) <= 0) {
            problems.add("the horizon (" + horizon + ") must be longer than the attribution window ("
                    + attributionWindow + "): otherwise no trigger's window fits before the planned end");
        }
        if (!(alpha > 0 && alpha <= 0.5)) {
            problems.add("alpha must be in (0, 0.5], was " + alpha);
        }
        if (!(minimumDetectableEffect > 0 && minimumDetectableEffect <= 10)) {
            problems.add("the minimum detectable effect is a relative lift in (0, 10], was " + minimumDetectableEffect);
        }
        if (!(power >= 0.5 && power < 1)) {
            problems.add("the power must be in [0.5, 1), was " + power);
        }
        if (!problems.isEmpty()) {
            throw new InvalidPlan(problems);
        }
        Objects.requireNonNull(primaryMetric);
    }

    /** The plan's problems, every one of them, in one message. */
    public static final class InvalidPlan extends IllegalArgumentException {
        private final List<String> problems;

        InvalidPlan(List<String> problems) {
            super("invalid analysis plan: " + String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        /** Each problem, a sentence without the prefix. */
        public List<String> problems() {
            return problems;
        }
    }
}
