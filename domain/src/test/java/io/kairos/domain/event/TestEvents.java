package io.kairos.domain.event;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;

/** Test-data builders for events; ids derive from a label so tests are reproducible. */
public final class TestEvents {

    private TestEvents() {}

    /** A reproducible event id for a label. */
    public static UUID id(String label) {
        return UUID.nameUUIDFromBytes(label.getBytes(StandardCharsets.UTF_8));
    }

    public static UserEvent event(String label, String user, Instant at, EventProperties properties) {
        return new UserEvent(id(label), user, at, null, properties);
    }

    public static UserEvent pageView(String label, String user, Instant at) {
        return event(label, user, at, new EventProperties.PageView("/home", null));
    }

    public static UserEvent productView(String label, String user, Instant at, String category) {
        return event(label, user, at, new EventProperties.ProductView("p-1", category, 10.0));
    }

    public static UserEvent addToCart(String label, String user, Instant at, String product, int qty, double price) {
        return event(label, user, at, new EventProperties.AddToCart(product, qty, price, null));
    }

    public static UserEvent removeFromCart(String label, String user, Instant at, String product, int qty) {
        return event(label, user, at, new EventProperties.RemoveFromCart(product, qty));
    }

    public static UserEvent checkout(String label, String user, Instant at) {
        return event(label, user, at, new EventProperties.CheckoutStarted(null));
    }

    public static UserEvent purchase(String label, String user, Instant at, double revenue) {
        return event(label, user, at, new EventProperties.Purchase("o-" + label, revenue, "EUR"));
    }

    public static UserEvent consent(String label, String user, Instant at, Channel channel, boolean granted) {
        return event(label, user, at, new EventProperties.ConsentChanged(channel, granted));
    }

    public static UserEvent zone(String label, String user, Instant at, String zone) {
        return event(label, user, at, new EventProperties.ProfileUpdated(ZoneId.of(zone)));
    }

    public static UserEvent custom(String label, String user, Instant at, String type, Map<String, Object> attributes) {
        return event(label, user, at, new EventProperties.Custom(type, attributes));
    }
}
