package io.kairos.batch;

import io.kairos.domain.port.out.PendingTimerSnapshots;
import io.kairos.domain.port.out.UserEvents;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.springframework.batch.infrastructure.item.ItemReader;

/**
 * Reads the users who had no events in the period but have timers due before the cut-off, each as an item without
 * events, so that the same writer fires their timers as of the cut-off (what {@code DecisionEngine.onCutoff} does for
 * the whole population, done per chunk of users here so that profiles and snapshots stay per user).
 *
 * <p>Restartable without saved state: a user once processed has a timer snapshot at the cut-off and is no longer
 * listed, so a restart lists exactly the users still to do.
 */
public class DueTimerUserReader implements ItemReader<UserEvents> {

    private final PendingTimerSnapshots timers;
    private final String experimentKey;
    private final Instant cutoff;
    private Iterator<String> users;

    /** A reader of the experiment's users with timers due before {@code cutoff}. */
    public DueTimerUserReader(PendingTimerSnapshots timers, String experimentKey, Instant cutoff) {
        this.timers = Objects.requireNonNull(timers, "timers");
        this.experimentKey = Objects.requireNonNull(experimentKey, "experimentKey");
        this.cutoff = Objects.requireNonNull(cutoff, "cutoff");
    }

    @Override
    public UserEvents read() {
        if (users == null) {
            users = timers.usersWithTimersDue(experimentKey, cutoff).iterator();
        }
        return users.hasNext() ? new UserEvents(users.next(), List.of()) : null;
    }
}
