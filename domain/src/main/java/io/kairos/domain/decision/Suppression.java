package io.kairos.domain.decision;

import java.util.Objects;

/** Why a decision was not delivered: the guard (or {@code payload} for an oversized message) and the reason. */
public record Suppression(String guard, String reason) {

    public Suppression {
        Objects.requireNonNull(guard, "guard");
        Objects.requireNonNull(reason, "reason");
    }
}
