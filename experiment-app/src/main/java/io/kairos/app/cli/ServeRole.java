package io.kairos.app.cli;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one {@code kairos serve} process does. Every role may run in any number of processes: the stream consumers
 * share the partitions through their consumer groups, the nightly job runs under its advisory lock, and the web
 * roles hold no state of their own.
 */
public enum ServeRole {
    /** The HTTP event collector, {@code POST /api/v1/events}, and the browser SDK. */
    COLLECTOR,
    /** The real-time consumer, the event archiver and the decision publisher. */
    STREAM,
    /** The nightly job on its schedule. */
    BATCH,
    /** The JSON API over the reports, and the dashboard. */
    API,
    /** The delivery channels: the decisions topic into the delivery log, signed webhooks, in-app over WebSocket. */
    DELIVERY;

    /** Every role, the default of {@code serve}. */
    public static final Set<ServeRole> ALL = EnumSet.allOf(ServeRole.class);

    /** The role's name on the command line. */
    public String optionName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The roles a comma-separated list names (blanks ignored, duplicates allowed).
     *
     * @throws IllegalArgumentException with a sentence for the user when a name is not a role or none is given
     */
    public static Set<ServeRole> parse(List<String> names) {
        Set<ServeRole> roles = EnumSet.noneOf(ServeRole.class);
        List<String> unknown = new ArrayList<>();
        for (String name : names) {
            String trimmed = name.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            try {
                roles.add(valueOf(trimmed.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                unknown.add(trimmed);
            }
        }
        String known = ALL.stream().map(ServeRole::optionName).collect(Collectors.joining(", "));
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("--roles: " + String.join(", ", unknown)
                    + (unknown.size() == 1 ? " is not a role" : " are not roles") + "; the roles are " + known);
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("--roles: name at least one role of " + known);
        }
        return roles;
    }
}
