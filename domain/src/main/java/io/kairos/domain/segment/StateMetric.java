package io.kairos.domain.segment;

import java.util.Optional;

/** A named quantity of user state that conditions and templates may read, e.g. {@code state.spend[24h]}. */
public enum StateMetric {
    USER_ID("user.id", ValueType.STRING, false),
    CART_VALUE("state.cart.value", ValueType.NUMBER, false),
    CART_ITEMS("state.cart.items", ValueType.NUMBER, false),
    PURCHASES("state.purchases", ValueType.NUMBER, true),
    SPEND("state.spend", ValueType.NUMBER, true),
    MESSAGES("state.messages", ValueType.NUMBER, true),
    SESSIONS("state.sessions", ValueType.NUMBER, false),
    SINCE_FIRST_SEEN("state.since_first_seen", ValueType.DURATION, false),
    SINCE_LAST_ACTIVITY("state.since_last_activity", ValueType.DURATION, false),
    SINCE_LAST_PURCHASE("state.since_last_purchase", ValueType.DURATION, false);

    private final String path;
    private final ValueType type;
    private final boolean windowable;

    StateMetric(String path, ValueType type, boolean windowable) {
        this.path = path;
        this.type = type;
        this.windowable = windowable;
    }

    /** The name written in a campaign file. */
    public String path() {
        return path;
    }

    /** The value type. */
    public ValueType type() {
        return type;
    }

    /** Whether the metric accepts a rolling window such as {@code [24h]} (without one it covers the lifetime). */
    public boolean windowable() {
        return windowable;
    }

    /** The metric named {@code path}, if any. */
    public static Optional<StateMetric> fromPath(String path) {
        for (StateMetric metric : values()) {
            if (metric.path.equals(path)) {
                return Optional.of(metric);
            }
        }
        return Optional.empty();
    }
}
