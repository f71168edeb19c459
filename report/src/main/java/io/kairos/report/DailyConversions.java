package io.kairos.report;

import java.time.LocalDate;

/**
 * Triggered users of one arm whose conversion (docs/statistics.md, "Outcomes") fell on one UTC day.
 *
 * @param day the UTC day of the conversion
 * @param conversions how many users converted that day
 */
public record DailyConversions(LocalDate day, long conversions) {}
