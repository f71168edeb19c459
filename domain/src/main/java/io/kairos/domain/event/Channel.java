package io.kairos.domain.event;

import java.util.Locale;
import java.util.Optional;

/** A delivery channel a campaign message can go out on. */
public enum Channel {
    PUSH,
    EMAIL,
    SMS,
    IN_APP,
    WEBHOOK;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** The lower-case name used in events and campaign files, e.g. {@code in_app}. */
    public String wireName() {
        return wireName;
    }

    /** The channel with the given wire name, if any. */
    public static Optional<Channel> fromWireName(String wireName) {
        for (Channel channel : values()) {
            if (channel.wireName().equals(wireName)) {
                return Optional.of(channel);
            }
        }
        return Optional.empty();
    }
}
