/**
 * Analysis of a per-user outcome file from outside Kairos ({@code kairos stats}): the strict CSV reader, the
 * per-arm statistics and comparisons against a control built on {@code io.kairos.domain.stats}, and their JSON
 * (docs/statistics.md, "The stats command").
 */
package io.kairos.report.outcomes;
