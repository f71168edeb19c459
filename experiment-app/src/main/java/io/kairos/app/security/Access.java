package io.kairos.app.security;

import io.kairos.domain.access.Role;
import java.util.Optional;

/** What a request needs: nothing ({@link #OPEN}), a key of a role, or it is refused to everyone ({@link #DENIED}). */
public enum Access {
    /** Anyone: the dashboard's static shell, the SDK, health. */
    OPEN(null),
    /** An {@code ingest} key: the collector. */
    INGEST(Role.INGEST),
    /** A {@code read} or {@code admin} key: reports, CSV, metrics. */
    READ(Role.READ),
    /** An {@code admin} key: experiment and campaign changes, keys, other Actuator endpoints. */
    ADMIN(Role.ADMIN),
    /** No one: an address no rule names. */
    DENIED(null);

    private final Role role;

    Access(Role role) {
        this.role = role;
    }

    /** The role a key needs, for the access levels that take a key. */
    public Optional<Role> role() {
        return Optional.ofNullable(role);
    }
}
