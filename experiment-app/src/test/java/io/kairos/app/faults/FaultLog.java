package io.kairos.app.faults;

import io.kairos.domain.event.EventProperties;
import io.kairos.domain.event.UserEvent;
import io.kairos.streaming.wire.ActivityMessages;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * The event log every fault scenario replays: carts (some abandoned, some bought, some re-armed), sale views and
 * watermarks on every partition, in event-time order, with ids derived from names so that every replay sends the
 * same records in the same order, and so lands them on the same partitions.
 */
final class FaultLog {

    static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    /** One record of the log: its key (null for a watermark), its partition (null: by key) and its value. */
    record Send(String key, Integer partition, byte[] value) {}

    private FaultLog() {}

    /** The log for {@code users} users over {@code partitions} partitions. */
    static List<Send> of(int users, int partitions) {
        List<UserEvent> events = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            String user = String.format("fault-u%03d", i);
            events.add(cart(user, i % 7, "p-" + i));
            if (i % 3 == 0) {
                events.add(purchase(user, 12 + i % 5));
            }
            if (i % 4 == 1) {
                for (int view = 0; view < 3; view++) {
                    events.add(view(user, 5 + view + i % 3));
                }
            }
            if (i % 2 == 0) {
                events.add(cart(user, 22 + i % 4, "q-" + i));
            }
        }
        events.sort(Comparator.comparing(UserEvent::occurredAt).thenComparing(UserEvent::userId));
        List<Send> log = new ArrayList<>();
        List<Instant> watermarks = new ArrayList<>(List.of(at(20), at(45)));
        for (UserEvent event : events) {
            while (!watermarks.isEmpty() && !event.occurredAt().isBefore(watermarks.get(0))) {
                watermark(log, watermarks.remove(0), partitions);
            }
            log.add(new Send(event.userId(), null, ActivityMessages.event(event)));
        }
        watermarks.forEach(at -> watermark(log, at, partitions));
        watermark(log, at(90), partitions);
        return log;
    }

    private static void watermark(List<Send> log, Instant at, int partitions) {
        for (int partition = 0; partition < partitions; partition++) {
            log.add(new Send(null, partition, ActivityMessages.watermark(at, "fault-suite")));
        }
    }

    private static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    private static UUID id(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    private static UserEvent cart(String user, int minute, String product) {
        return new UserEvent(
                id(user + "/cart/" + minute + "/" + product),
                user,
                at(minute),
                "s-" + user,
                new EventProperties.AddToCart(product, 1, 40.0, "shoes"));
    }

    private static UserEvent purchase(String user, int minute) {
        return new UserEvent(
                id(user + "/purchase/" + minute),
                user,
                at(minute),
                "s-" + user,
                new EventProperties.Purchase("o-" + user + "-" + minute, 40.0, "EUR"));
    }

    private static UserEvent view(String user, int minute) {
        return new UserEvent(
                id(user + "/view/" + minute),
                user,
                at(minute),
                "s-" + user,
                new EventProperties.ProductView("p-" + minute, "sale", 10.0));
    }
}
