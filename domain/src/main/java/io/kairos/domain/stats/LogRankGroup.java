package io.kairos.domain.stats;

/**
 * One arm's line of a log-rank test, as R {@code survdiff} prints it.
 *
 * @param subjects users in the arm (N)
 * @param observed conversions observed in the arm
 * @param expected conversions expected in the arm if every arm shared the same conversion hazard
 */
public record LogRankGroup(String name, int subjects, int observed, double expected) {}
