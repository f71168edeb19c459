package io.kairos.domain.decision;

/** The fate of a decision. */
public enum DecisionStatus {
    /** Delivered to the user (possibly after a quiet-hours hold). */
    DELIVERED,
    /** Computed for an arm that does not act on this mode, never delivered. */
    GHOST,
    /** Held back by a guard (or an oversized payload); recorded with the reason. */
    SUPPRESSED
}
