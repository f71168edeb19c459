package io.kairos.domain.port.out;

import io.kairos.domain.event.UserEvent;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Outbound port: the archive of every valid event, the input of the nightly job and of every report.
 *
 * <p>An archived event is identified by its id and its event time, which a re-delivered event carries unchanged:
 * appending it again changes nothing. Event times are kept to the microsecond (PostgreSQL's precision).
 */
public interface EventArchive {

    /** Archives events (in any order, duplicates allowed) and returns how many were not archived before. */
    int append(List<UserEvent> events);

    /**
     * Streams the events with {@code from <= occurredAt < until} one user at a time: users in {@link
     * UserHashRange#compareUsers} order (by hash bucket, then by id), each user's events by event time then event id
     * (as text). How much of the period an implementation holds in memory at once is its own, documented, bound.
     */
    default void readByUser(Instant from, Instant until, Consumer<UserEvents> perUser) {
        readByUser(from, until, UserHashRange.ALL, perUser);
    }

    /**
     * The same, restricted to the users whose {@link UserHashRange#bucketOf bucket} is in {@code users}: what one
     * partition of the nightly job reads, without reading the other partitions' events.
     */
    void readByUser(Instant from, Instant until, UserHashRange users, Consumer<UserEvents> perUser);
}
