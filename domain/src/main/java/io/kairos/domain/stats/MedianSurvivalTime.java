package io.kairos.domain.stats;

import java.util.OptionalDouble;

/**
 * Median time to conversion with its 95% interval, as R {@code print(survfit(...))} reports them; each part is
 * empty when its curve never falls to 0.5 (R: NA).
 *
 * @param estimate first time at which the survival curve is ≤ 0.5
 * @param lower first time at which the lower confidence curve of S(t) is ≤ 0.5 (it gets there first)
 * @param upper first time at which the upper confidence curve of S(t) is ≤ 0.5
 */
public record MedianSurvivalTime(OptionalDouble estimate, OptionalDouble lower, OptionalDouble upper) {}
