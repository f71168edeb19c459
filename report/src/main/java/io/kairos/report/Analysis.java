package io.kairos.report;

import io.kairos.domain.experiment.AnalysisPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a report relates to the experiment's pre-registered analysis plan: it follows the plan, departs from it (an
 * exploratory analysis, labelled so in every format), or the experiment has no plan.
 *
 * @param plan the registered plan, if any
 * @param deviations each way this report departs from the plan; empty when it follows it (or there is no plan)
 */
public record Analysis(Optional<AnalysisPlan> plan, List<String> deviations) {

    /** A report of an experiment without a plan. */
    public static final Analysis NO_PLAN = new Analysis(Optional.empty(), List.of());

    public Analysis {
        Objects.requireNonNull(plan, "plan");
        deviations = List.copyOf(deviations);
    }

    /** The analysis of a report over {@code attributionWindow} under {@code plan}. */
    public static Analysis of(Optional<AnalysisPlan> plan, Duration attributionWindow) {
        List<String> deviations = new ArrayList<>();
        plan.ifPresent(p -> {
            if (!p.attributionWindow().equals(attributionWindow)) {
                deviations.add("attribution window " + attributionWindow.toHours() + " h instead of the plan's "
                        + p.attributionWindow().toHours() + " h");
            }
        });
        return new Analysis(plan, deviations);
    }

    /** Whether the report departs from a registered plan. */
    public boolean exploratory() {
        return !deviations.isEmpty();
    }

    /** {@code pre-registered}, {@code exploratory} or {@code no plan}. */
    public String kind() {
        return plan.isEmpty() ? "no plan" : exploratory() ? "exploratory" : "pre-registered";
    }

    /** One line for people: what the report is, and under which plan. */
    public String sentence() {
        if (plan.isEmpty()) {
            return "Analysis: no plan registered for this experiment (kairos experiment create registers one before"
                    + " the start); read the comparisons as exploratory";
        }
        AnalysisPlan p = plan.get();
        String registered = "primary " + p.primaryMetric() + ", attribution window "
                + p.attributionWindow().toHours() + " h, alpha " + p.alpha() + ", minimum detectable effect "
                + Math.round(p.minimumDetectableEffect() * 1000) / 10.0 + " %, power " + p.power();
        return exploratory()
                ? "Analysis: EXPLORATORY, not the pre-registered plan (" + String.join("; ", deviations)
                        + "); the plan: " + registered
                : "Analysis: the pre-registered plan (" + registered + ")";
    }
}
