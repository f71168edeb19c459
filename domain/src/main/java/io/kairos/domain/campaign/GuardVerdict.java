package io.kairos.domain.campaign;

import java.time.Instant;
import java.util.Objects;

/** A guard's answer: allow, reject with a reason, or defer delivery to a later instant. */
public sealed interface GuardVerdict {

    /** The single allowance. */
    GuardVerdict ALLOW = new Allow();

    /** The message may go out as planned. */
    record Allow() implements GuardVerdict {}

    /** The message must not go out; the decision is recorded as suppressed with this guard and reason. */
    record Reject(String guard, String reason) implements GuardVerdict {
        public Reject {
            Objects.requireNonNull(guard, "guard");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The message must wait until {@code until} (e.g. quiet hours end); it then goes out. */
    record Defer(String guard, Instant until, String reason) implements GuardVerdict {
        public Defer {
            Objects.requireNonNull(guard, "guard");
            Objects.requireNonNull(until, "until");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
