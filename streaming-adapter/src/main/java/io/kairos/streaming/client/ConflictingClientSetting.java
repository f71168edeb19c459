package io.kairos.streaming.client;

import java.util.Objects;

/**
 * A Kafka client setting the operator configured that the stream cannot honour without breaking exactly-once (or
 * without failing on every record); thrown before any client is created, instead of overriding it silently.
 */
public final class ConflictingClientSetting extends IllegalArgumentException {

    private final String client;
    private final String key;
    private final Object value;
    private final String requirement;

    ConflictingClientSetting(String client, String key, Object value, String requirement) {
        super("the Kafka " + client + " setting " + key + "=" + value + " conflicts with exactly-once: " + requirement
                + ".");
        this.client = Objects.requireNonNull(client, "client");
        this.key = Objects.requireNonNull(key, "key");
        this.value = value;
        this.requirement = Objects.requireNonNull(requirement, "requirement");
    }

    /** {@code consumer} or {@code producer}. */
    public String client() {
        return client;
    }

    /** The Kafka property, e.g. {@code isolation.level}. */
    public String key() {
        return key;
    }

    /** The value configured. */
    public Object value() {
        return value;
    }

    /** What the stream needs instead, and why, as a clause without a final stop. */
    public String requirement() {
        return requirement;
    }
}
