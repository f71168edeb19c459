package io.kairos.report;

import java.time.Instant;
import java.util.Objects;

/**
 * An arm's own-mode decisions made under one campaign version (docs/campaigns.md, "Versions"), triggered at or before
 * the enrolment cut-off like every decision count of the report: how much of the experiment each version governed.
 *
 * @param version the campaign version (0: the configured campaigns)
 * @param arm the arm
 * @param delivered decisions delivered
 * @param ghost decisions computed but not delivered (control, or an arm that does not act on them)
 * @param suppressed decisions a guard suppressed
 * @param clicked delivered decisions clicked within the attribution window
 * @param firstDecidedAt the earliest decision time (event time) under this version
 * @param lastDecidedAt the latest
 */
public record CampaignVersionDecisions(
        int version,
        String arm,
        long delivered,
        long ghost,
        long suppressed,
        long clicked,
        Instant firstDecidedAt,
        Instant lastDecidedAt) {

    public CampaignVersionDecisions {
        Objects.requireNonNull(arm, "arm");
        Objects.requireNonNull(firstDecidedAt, "firstDecidedAt");
        Objects.requireNonNull(lastDecidedAt, "lastDecidedAt");
    }

    /** Every decision under this version: delivered, ghost and suppressed. */
    public long decisions() {
        return delivered + ghost + suppressed;
    }
}
