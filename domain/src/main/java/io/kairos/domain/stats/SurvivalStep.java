package io.kairos.domain.stats;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One row of a Kaplan–Meier curve at a distinct conversion time, as R {@code summary(survfit(...))} prints it.
 *
 * @param atRisk users with time ≥ {@code time} (censored at {@code time} included)
 * @param events conversions at {@code time}
 * @param survival the probability of not having converted by {@code time}
 * @param standardError Greenwood standard error of {@code survival}; empty once survival reaches zero (R: NaN)
 * @param interval 95% interval computed on log S(t), upper limit capped at 1; empty once survival reaches zero
 */
public record SurvivalStep(
        double time,
        int atRisk,
        int events,
        double survival,
        OptionalDouble standardError,
        Optional<ConfidenceInterval> interval) {}
