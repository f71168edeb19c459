package io.kairos.domain.port.out;

import io.kairos.domain.decision.Timer;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Outbound port: the batch mode's pending absence timers, snapshotted per experiment, user and
 * cut-off like the batch profiles, so that a timer started shortly before one cut-off fires in the next run and a
 * re-run of a cut-off starts from exactly the timers the previous run left.
 */
public interface PendingTimerSnapshots {

    /**
     * Stores each user's pending timers as of {@code cutoff}, replacing that user's snapshot of the same cut-off. An
     * empty list records that nothing is pending any more.
     */
    void saveAll(String experimentKey, Instant cutoff, Map<String, List<Timer>> timersByUser);

    /**
     * For each of these users that has one, the timers of the newest snapshot of the experiment with {@code cutoff <=
     * notAfter}, keyed by user id.
     */
    Map<String, List<Timer>> latest(String experimentKey, Collection<String> userIds, Instant notAfter);

    /**
     * The users whose newest snapshot at or before {@code cutoff} is older than {@code cutoff} and holds a timer due
     * strictly before it, in ascending id order: the users a run for {@code cutoff} still has timers to fire for.
     */
    List<String> usersWithTimersDue(String experimentKey, Instant cutoff);

    /**
     * Deletes the experiment's snapshots no run reads any more: per user, every snapshot older than the newest one
     * at or before {@code boundary}. What {@link #latest} and {@link #usersWithTimersDue} answer for any {@code
     * notAfter >= boundary} is unchanged. Returns how many snapshots were deleted.
     */
    int pruneBefore(String experimentKey, Instant boundary);
}
