package io.kairos.domain.campaign;

import io.kairos.domain.segment.Condition;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One campaign: when it considers a user (trigger), whom it addresses (audience), what it sends (message) and the
 * policies that may hold the message back (guards, kept in their fixed evaluation order).
 */
public record Campaign(
        String id,
        String description,
        Trigger trigger,
        Condition audience,
        MessageTemplate message,
        List<Guard> guards) {

    public Campaign {
        Objects.requireNonNull(id, "id");
        description = description == null ? "" : description;
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(message, "message");
        guards = guards.stream().sorted(Comparator.comparingInt(Guard::rank)).toList();
    }
}
