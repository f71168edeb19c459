package io.kairos.streaming.consume;

import io.kairos.domain.port.out.PollBatchWrites;

/**
 * Sees every batch just before and just after its PostgreSQL commit: a seam for observers, and for crash tests that
 * kill a consumer at exactly these points.
 */
public interface CommitListener {

    /** Observes nothing. */
    CommitListener NONE = new CommitListener() {};

    /** The batch is about to be committed. */
    default void beforeCommit(PollBatchWrites writes) {}

    /** The batch is committed; nothing else about it has happened yet. */
    default void afterCommit(PollBatchWrites writes) {}
}
