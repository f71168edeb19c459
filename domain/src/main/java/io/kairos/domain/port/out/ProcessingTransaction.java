package io.kairos.domain.port.out;

/**
 * Outbound port: the unit of work of the streaming adapter and the archiver. One poll batch's events, states, timer
 * changes, decisions, outbox messages and consumed offsets are stored together or not at all, which, with the
 * consumer seeking to {@link OffsetStore#committed} on assignment, makes processing exactly-once in effect.
 */
public interface ProcessingTransaction {

    /**
     * Stores everything in {@code writes} atomically. On any failure nothing is stored; a stale offset (a zombie
     * consumer) fails with {@link StaleOffsetException}.
     */
    void commit(PollBatchWrites writes);
}
