package io.kairos.report;

import io.kairos.domain.experiment.AnalysisPlan;
import io.kairos.domain.experiment.RegisteredExperiment;
import io.kairos.domain.port.out.ExperimentRegistry;
import java.io.Writer;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Reports under the experiment's pre-registered analysis plan: without a window asked for, the plan's attribution
 * window (7 days for an experiment without a plan); with another one, the same report labelled exploratory. Every
 * format (terminal, JSON, HTML, CSV, the dashboard) goes through here, so none can show an unlabelled deviation.
 */
public final class PlannedReports {

    /** The attribution window of an experiment without a plan, when none is asked for. */
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(7);

    private final MetricsQuery metrics;
    private final UserOutcomeExport outcomes;
    private final ExperimentRegistry registry;

    public PlannedReports(MetricsQuery metrics, UserOutcomeExport outcomes, ExperimentRegistry registry) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.outcomes = Objects.requireNonNull(outcomes, "outcomes");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** The experiment's plan, if it registered one. */
    public Optional<AnalysisPlan> plan(String experimentKey) {
        try {
            return registry.find(experimentKey).flatMap(RegisteredExperiment::plan);
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof SQLException sql && MetricsQuery.SCHEMA_MISSING.contains(sql.getSQLState())) {
                    throw MetricsQuery.schemaMissing(sql);
                }
            }
            throw e;
        }
    }

    /** The window a report uses: {@code requested} when given, else the plan's, else {@link #DEFAULT_WINDOW}. */
    private static Duration window(Optional<AnalysisPlan> plan, Duration requested) {
        return requested != null
                ? requested
                : plan.map(AnalysisPlan::attributionWindow).orElse(DEFAULT_WINDOW);
    }

    /** The report over {@code requested} (null: the plan's window), labelled by its relation to the plan. */
    public ExperimentReport report(String experimentKey, Duration requested) {
        Optional<AnalysisPlan> plan = plan(experimentKey);
        Duration window = window(plan, requested);
        return ExperimentReport.of(metrics.read(experimentKey, window)).withAnalysis(Analysis.of(plan, window));
    }

    /** The per-user CSV over {@code requested} (null: the plan's window), each row labelled; returns the users. */
    public long writeOutcomes(String experimentKey, Duration requested, Writer out) {
        Optional<AnalysisPlan> plan = plan(experimentKey);
        Duration window = window(plan, requested);
        return outcomes.write(experimentKey, window, Analysis.of(plan, window), out);
    }
}
