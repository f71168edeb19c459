package io.kairos.domain.segment;

import java.util.Objects;

/** A named predicate over user state, such as "high spender" or "cart abandoner". */
public record Segment(String name, String description, Condition condition) {

    public Segment {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(condition, "condition");
        description = description == null ? "" : description;
    }
}
