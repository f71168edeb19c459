/**
 * The experiment report: per-arm metrics aggregated in PostgreSQL, the arm-versus-arm comparisons built on
 * {@code io.kairos.domain.stats}, and the terminal, JSON, CSV and HTML renderings (docs/statistics.md, "Report metrics").
 */
package io.kairos.report;
