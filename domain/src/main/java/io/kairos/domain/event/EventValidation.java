package io.kairos.domain.event;

import java.util.List;

/** The outcome of validating a raw event: a typed event, or every problem found. */
public sealed interface EventValidation {

    /** The event is valid (after upcasting to the current schema version). */
    record Valid(UserEvent event) implements EventValidation {}

    /** The event is rejected; the problems are listed in field order, all of them, not just the first. */
    record Invalid(List<EventProblem> problems) implements EventValidation {
        public Invalid {
            problems = List.copyOf(problems);
        }

        /** The problems joined into one line, suitable for a dead-letter reason. */
        public String reason() {
            return String.join(
                    "; ", problems.stream().map(EventProblem::toString).toList());
        }
    }
}
