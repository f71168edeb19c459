package io.kairos.domain.segment;

import io.kairos.domain.event.UserEvent;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A node of the condition tree: and/or/not, comparisons on named fields, window counts and segment membership.
 *
 * <p>The language is deliberately not Turing-complete: no variables, loops, functions or scripts, so every
 * condition terminates in time linear in its size and the user's retained history.
 */
public sealed interface Condition {

    /** The condition that always holds (an empty conjunction). */
    Condition ALWAYS = new All(List.of());

    /** Whether the condition holds in a context. */
    boolean test(EvaluationContext context);

    /** All parts hold (true when empty). */
    record All(List<Condition> parts) implements Condition {
        public All {
            parts = List.copyOf(parts);
        }

        @Override
        public boolean test(EvaluationContext context) {
            for (Condition part : parts) {
                if (!part.test(context)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** At least one part holds (false when empty). */
    record Any(List<Condition> parts) implements Condition {
        public Any {
            parts = List.copyOf(parts);
        }

        @Override
        public boolean test(EvaluationContext context) {
            for (Condition part : parts) {
                if (part.test(context)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The part does not hold. */
    record Not(Condition part) implements Condition {
        public Not {
            Objects.requireNonNull(part, "part");
        }

        @Override
        public boolean test(EvaluationContext context) {
            return !part.test(context);
        }
    }

    /**
     * A field compared with a literal ({@link Double}, {@link String}, {@link Boolean} or {@link Duration}). An absent
     * value, or one of another type, makes every comparison false, including {@code !=}.
     */
    record Compare(Field field, Operator operator, Object literal) implements Condition {
        public Compare {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(literal, "literal");
        }

        @Override
        public boolean test(EvaluationContext context) {
            if (literal instanceof Double number) {
                return operator.compare(field.readNumber(context), number);
            }
            if (literal instanceof Duration duration) {
                return operator.compare(field.readNumber(context), duration.toMillis());
            }
            Object value = field.read(context);
            if (value == null || value.getClass() != literal.getClass()) {
                return false;
            }
            return operator == Operator.EQ ? value.equals(literal) : !value.equals(literal);
        }
    }

    /**
     * The number of the user's recent events of a type, matching a filter, in {@code (now - window, now]}, compared
     * with a threshold. Counts see the history the state retains (see {@code Retention}).
     */
    record CountWithin(String eventType, Condition filter, Duration window, Operator operator, double threshold)
            implements Condition {
        public CountWithin {
            Objects.requireNonNull(eventType, "eventType");
            Objects.requireNonNull(filter, "filter");
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(operator, "operator");
        }

        @Override
        public boolean test(EvaluationContext context) {
            Predicate<UserEvent> matches = filter.equals(ALWAYS) ? e -> true : e -> filter.test(context.withEvent(e));
            int count = context.state().countRecent(eventType, matches, window, context.now());
            return operator.compare(count, threshold);
        }
    }

    /** The user is a member of the named segment. */
    record InSegment(String segment) implements Condition {
        public InSegment {
            Objects.requireNonNull(segment, "segment");
        }

        @Override
        public boolean test(EvaluationContext context) {
            return context.segments().isMember(segment, context);
        }
    }
}
