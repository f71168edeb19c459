package io.kairos.domain.port.out;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Outbound port: the batch profile snapshots, per experiment, user and cut-off. */
public interface BatchProfileStore {

    /**
     * Stores profiles, each replacing the one of the same experiment, user and cut-off (a re-run of the same cut-off
     * overwrites its own snapshots and nothing else).
     */
    void saveAll(List<BatchProfile> profiles);

    /**
     * For each of these users that has one, the newest profile of the experiment with {@code cutoff <= notAfter},
     * keyed by user id.
     */
    Map<String, BatchProfile> latest(String experimentKey, Collection<String> userIds, Instant notAfter);

    /**
     * Deletes the experiment's snapshots no run reads any more: per user, every snapshot older than the newest one
     * at or before {@code boundary}. What {@link #latest} answers for any {@code notAfter >= boundary} is unchanged.
     * Returns how many snapshots were deleted.
     */
    int pruneBefore(String experimentKey, Instant boundary);
}
