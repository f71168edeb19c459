package io.kairos.app.streaming;

import io.kairos.domain.event.EventProperties;
import io.kairos.domain.event.UserEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** Test-data builders for activity events with ids derived from a name, so that reruns send identical events. */
final class Workload {

    private Workload() {}

    /**
     * A mixed log of {@code users} users: carts, purchases that cancel some, sale views, re-armed carts and
     * watermarks (Instants), in event-time order.
     */
    static List<Object> mixed(int users) {
        List<UserEvent> events = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            String user = String.format("u%03d", i);
            events.add(addToCart(user, i % 5, "p-" + i));
            if (i % 3 == 0) {
                events.add(purchase(user, 10 + i % 5));
            }
            if (i % 4 == 1) {
                for (int view = 0; view < 3; view++) {
                    events.add(productView(user, 5 + view + i % 3, "sale"));
                }
            }
            if (i % 2 == 0) {
                events.add(addToCart(user, 22, "q-" + i));
            }
        }
        events.sort(Comparator.comparing(UserEvent::occurredAt).thenComparing(UserEvent::userId));
        List<Object> sends = new ArrayList<>();
        Map<Instant, Instant> watermarkAfter = new TreeMap<>(Map.of(at(20), at(20), at(45), at(45)));
        for (UserEvent event : events) {
            watermarkAfter.entrySet().removeIf(entry -> {
                if (!event.occurredAt().isBefore(entry.getKey())) {
                    sends.add(entry.getValue());
                    return true;
                }
                return false;
            });
            sends.add(event);
        }
        sends.addAll(watermarkAfter.values());
        sends.add(at(50));
        return sends;
    }

    static UUID id(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    static Instant at(int minutes) {
        return StreamingRig.T0.plus(Duration.ofMinutes(minutes));
    }

    static UserEvent addToCart(String userId, int minute, String productId) {
        return new UserEvent(
                id(userId + "/cart/" + minute + "/" + productId),
                userId,
                at(minute),
                "s-" + userId,
                new EventProperties.AddToCart(productId, 1, 40.0, "shoes"));
    }

    static UserEvent purchase(String userId, int minute) {
        return new UserEvent(
                id(userId + "/purchase/" + minute),
                userId,
                at(minute),
                "s-" + userId,
                new EventProperties.Purchase("o-" + userId + "-" + minute, 40.0, "EUR"));
    }

    static UserEvent productView(String userId, int minute, String category) {
        return new UserEvent(
                id(userId + "/view/" + minute),
                userId,
                at(minute),
                "s-" + userId,
                new EventProperties.ProductView("p-" + minute, category, 10.0));
    }
}
