package io.kairos.domain.event;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The event types the platform models, with their current schema version and their properties. */
public enum KnownEventType {
    PAGE_VIEW(2, Map.of("url", PropertyType.STRING, "category", PropertyType.STRING)),
    PRODUCT_VIEW(
            2,
            Map.of("product_id", PropertyType.STRING, "category", PropertyType.STRING, "price", PropertyType.NUMBER)),
    ADD_TO_CART(
            2,
            Map.of(
                    "product_id", PropertyType.STRING,
                    "quantity", PropertyType.NUMBER,
                    "unit_price", PropertyType.NUMBER,
                    "category", PropertyType.STRING)),
    REMOVE_FROM_CART(2, Map.of("product_id", PropertyType.STRING, "quantity", PropertyType.NUMBER)),
    CHECKOUT_STARTED(2, Map.of("checkout_id", PropertyType.STRING)),
    PURCHASE(
            2,
            Map.of("order_id", PropertyType.STRING, "revenue", PropertyType.NUMBER, "currency", PropertyType.STRING)),
    MESSAGE_DELIVERED(
            2,
            Map.of(
                    "message_id",
                    PropertyType.STRING,
                    "campaign_id",
                    PropertyType.STRING,
                    "channel",
                    PropertyType.STRING)),
    MESSAGE_OPENED(2, Map.of("message_id", PropertyType.STRING)),
    MESSAGE_CLICKED(2, Map.of("message_id", PropertyType.STRING)),
    CONSENT_CHANGED(2, Map.of("channel", PropertyType.STRING, "granted", PropertyType.BOOLEAN)),
    PROFILE_UPDATED(2, Map.of("time_zone", PropertyType.STRING));

    private final String wireName;
    private final int currentVersion;
    private final Map<String, PropertyType> properties;

    KnownEventType(int currentVersion, Map<String, PropertyType> properties) {
        this.wireName = name().toLowerCase(Locale.ROOT);
        this.currentVersion = currentVersion;
        this.properties = properties;
    }

    /** The type's name on the wire, e.g. {@code add_to_cart}. */
    public String wireName() {
        return wireName;
    }

    /** The schema version new producers send; versions 1 up to it are accepted (older ones upcast). */
    public int currentVersion() {
        return currentVersion;
    }

    /** The properties conditions and templates may read, by name, at the current version. */
    public Map<String, PropertyType> properties() {
        return properties;
    }

    /** The known type with the given wire name, if any. */
    public static Optional<KnownEventType> fromWireName(String wireName) {
        for (KnownEventType type : values()) {
            if (type.wireName().equals(wireName)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
