package io.kairos.domain.port.out.inmemory;

import io.kairos.domain.event.UserEvent;
import io.kairos.domain.port.out.EventArchive;
import io.kairos.domain.port.out.UserEvents;
import io.kairos.domain.port.out.UserHashRange;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/** Archived events in a hash map keyed by id and event time: the fake for tests and benchmarks. Not thread-safe. */
public final class InMemoryEventArchive implements EventArchive {

    private static final Comparator<UserEvent> BY_USER_TIME_ID = Comparator.comparing(
                    UserEvent::userId, UserHashRange::compareUsers)
            .thenComparing(UserEvent::occurredAt)
            .thenComparing(event -> event.eventId().toString());

    private record Identity(UUID eventId, Instant occurredAt) {}

    private final Map<Identity, UserEvent> events = new LinkedHashMap<>();

    @Override
    public int append(List<UserEvent> batch) {
        int added = 0;
        for (UserEvent received : batch) {
            UserEvent event = received;
            Instant stored = received.occurredAt().truncatedTo(ChronoUnit.MICROS);
            if (!stored.equals(received.occurredAt())) {
                event = new UserEvent(
                        received.eventId(), received.userId(), stored, received.sessionId(), received.properties());
            }
            if (events.putIfAbsent(new Identity(event.eventId(), event.occurredAt()), event) == null) {
                added++;
            }
        }
        return added;
    }

    @Override
    public void readByUser(Instant from, Instant until, UserHashRange users, Consumer<UserEvents> perUser) {
        List<UserEvent> period = new ArrayList<>();
        for (UserEvent event : events.values()) {
            if (!event.occurredAt().isBefore(from)
                    && event.occurredAt().isBefore(until)
                    && users.contains(event.userId())) {
                period.add(event);
            }
        }
        period.sort(BY_USER_TIME_ID);
        List<UserEvent> current = new ArrayList<>();
        for (UserEvent event : period) {
            if (!current.isEmpty() && !current.get(0).userId().equals(event.userId())) {
                perUser.accept(new UserEvents(current.get(0).userId(), current));
                current = new ArrayList<>();
            }
            current.add(event);
        }
        if (!current.isEmpty()) {
            perUser.accept(new UserEvents(current.get(0).userId(), current));
        }
    }

    /** Number of archived events. */
    public int size() {
        return events.size();
    }
}
