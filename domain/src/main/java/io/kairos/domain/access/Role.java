package io.kairos.domain.access;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a key may do: send events ({@link #INGEST}), read reports ({@link #READ}), or manage ({@link #ADMIN}). */
public enum Role {
    /** Send events to the collector; a publishable key a browser may hold, so it grants nothing else. */
    INGEST,
    /** Read experiments, reports, the per-user CSV and the metrics. */
    READ,
    /** Change experiments and campaigns; implies {@link #READ}. */
    ADMIN;

    /** Whether a holder of this role may do what {@code required} guards. */
    public boolean grants(Role required) {
        return this == required || (this == ADMIN && required == READ);
    }

    /** The role's name as typed on the command line and stored: {@code ingest}, {@code read}, {@code admin}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named {@code label} (any case); throws with the accepted names otherwise. */
    public static Role of(String label) {
        for (Role role : values()) {
            if (role.label().equalsIgnoreCase(label == null ? "" : label.trim())) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + label + "': use one of "
                + Arrays.stream(values()).map(Role::label).collect(Collectors.joining(", ")));
    }
}
