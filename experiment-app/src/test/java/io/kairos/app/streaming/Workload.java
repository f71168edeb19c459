package io.kairos.app.streaming;

import io.kairos.domain.event.EventProperties;
import io.kairos.domain.event.UserEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** Test-data builders for activity events with ids derived from a name, so that reruns send identical events. */
final class Workload {

    private Workload() {}

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
