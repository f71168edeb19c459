package io.kairos.domain.segment;

import io.kairos.domain.event.UserEvent;
import io.kairos.domain.state.UserState;
import java.time.Duration;
import java.time.Instant;

/** A named value a condition or template reads: a state metric or a property of the event in focus. */
public sealed interface Field {

    /** The field as written, e.g. {@code state.spend[24h]} or {@code event.category}. */
    String path();

    /** The static type. */
    ValueType type();

    /** The value ({@link Double}, {@link String}, {@link Boolean}, or {@link Duration}), or null when absent. */
    Object read(EvaluationContext context);

    /** The value as a number (durations in milliseconds), or NaN when absent or not numeric. */
    default double readNumber(EvaluationContext context) {
        Object value = read(context);
        if (value instanceof Double number) {
            return number;
        }
        if (value instanceof Duration duration) {
            return duration.toMillis();
        }
        return Double.NaN;
    }

    /** A state metric, optionally over a rolling window ending at the evaluation time. */
    record StateField(StateMetric metric, Duration window) implements Field {

        @Override
        public String path() {
            return window == null ? metric.path() : metric.path() + "[" + Durations.format(window) + "]";
        }

        @Override
        public ValueType type() {
            return metric.type();
        }

        @Override
        public Object read(EvaluationContext context) {
            if (metric == StateMetric.USER_ID) {
                return context.state().userId();
            }
            double value = readNumber(context);
            if (Double.isNaN(value)) {
                return null;
            }
            return metric.type() == ValueType.DURATION ? Duration.ofMillis((long) value) : Double.valueOf(value);
        }

        @Override
        public double readNumber(EvaluationContext context) {
            UserState state = context.state();
            Instant now = context.now();
            return switch (metric) {
                case USER_ID -> Double.NaN;
                case CART_VALUE -> state.cart().value();
                case CART_ITEMS -> state.cart().items();
                case PURCHASES -> window == null ? state.lifetimePurchases() : state.purchasesWithin(window, now);
                case SPEND -> window == null ? state.lifetimeSpend() : state.spendWithin(window, now);
                case MESSAGES -> window == null ? state.messages().size() : state.messagesWithin(window, now);
                case SESSIONS -> state.sessionCount();
                case SINCE_FIRST_SEEN -> millisSince(state.firstSeen(), now);
                case SINCE_LAST_ACTIVITY -> millisSince(state.lastActivity(), now);
                case SINCE_LAST_PURCHASE -> millisSince(state.lastPurchaseAt(), now);
            };
        }

        private static double millisSince(Instant then, Instant now) {
            return then == null
                    ? Double.NaN
                    : Math.max(0, Duration.between(then, now).toMillis());
        }
    }

    /** A property of the event in focus ({@code event.type} is the type itself). */
    record EventField(String property, ValueType type) implements Field {

        @Override
        public String path() {
            return "event." + property;
        }

        @Override
        public Object read(EvaluationContext context) {
            UserEvent event = context.event();
            if (event == null) {
                return null;
            }
            return "type".equals(property) ? event.type() : event.property(property);
        }
    }
}
