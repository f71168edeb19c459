package io.kairos.domain.segment;

import static io.kairos.domain.event.TestEvents.addToCart;
import static io.kairos.domain.event.TestEvents.custom;
import static io.kairos.domain.event.TestEvents.productView;
import static io.kairos.domain.event.TestEvents.purchase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kairos.domain.event.UserEvent;
import io.kairos.domain.state.Retention;
import io.kairos.domain.state.UserState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConditionParserTest {

    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private static final Retention RETENTION =
            new Retention(Duration.ofDays(35), Duration.ofDays(35), Map.of("product_view", Duration.ofDays(7)), 100);

    private static final SegmentCatalog SEGMENTS = new SegmentCatalog(List.of(
            new Segment("big_cart", "", ConditionParser.parse("state.cart.value >= 100", ConditionScope.STATE_ONLY)),
            new Segment(
                    "vip",
                    "",
                    ConditionParser.parse("in_segment(big_cart) and state.spend > 0", ConditionScope.STATE_ONLY))));

    /** A user with a 120-value cart, one 40 purchase 2 h ago, and three sale views in the last hour. */
    private static EvaluationContext context(UserEvent focus) {
        UserState state = UserState.empty("u-1");
        for (UserEvent e : List.of(
                purchase("p", "u-1", T0.minus(Duration.ofHours(2)), 40),
                productView("v1", "u-1", T0.minus(Duration.ofMinutes(50)), "sale"),
                productView("v2", "u-1", T0.minus(Duration.ofMinutes(30)), "sale"),
                productView("v3", "u-1", T0.minus(Duration.ofMinutes(20)), "new"),
                productView("v4", "u-1", T0.minus(Duration.ofMinutes(10)), "sale"),
                addToCart("a", "u-1", T0, "p-1", 2, 60))) {
            state = state.apply(e, RETENTION);
        }
        return new EvaluationContext(state, focus, T0, SEGMENTS);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            state.cart.value > 100                                           | true
            state.cart.value > 120                                           | false
            state.cart.items == 2 and state.purchases == 1                   | true
            state.spend[1h] > 0 or state.spend[3h] >= 40                     | true
            not (state.spend[1h] > 0)                                        | true
            state.since_last_purchase >= 2h and state.since_first_seen < 1d  | true
            count(product_view where event.category == "sale" within 1h) >= 3 | true
            count(product_view where event.category == "sale" within 40m) >= 3 | false
            count(product_view within 1h) == 4                               | true
            in_segment(vip)                                                  | true
            in_segment(big_cart) and not in_segment(vip)                     | false
            event.type == "add_to_cart" and event.unit_price == 60           | true
            event.quantity > 1 and user.id == "u-1"                          | true
            state.messages[1d] == 0                                          | true
            """)
    void givenStateAndEvent_whenConditionEvaluated_thenExpectedTruth(String text, boolean expected) {
        Condition condition = ConditionParser.parse(text, ConditionScope.forEventType("add_to_cart"));

        assertThat(condition.test(context(addToCart("a", "u-1", T0, "p-1", 2, 60))))
                .isEqualTo(expected);
    }

    @Test
    void givenCustomEvent_whenPropertyMissingOrOfOtherType_thenComparisonsAreFalse() {
        EvaluationContext context = context(custom("c", "u-1", T0, "video_paused", Map.of("pause_seconds", 700.0)));
        ConditionScope scope = ConditionScope.forEventType("video_paused");

        assertThat(ConditionParser.parse("event.pause_seconds >= 600", scope).test(context))
                .isTrue();
        assertThat(ConditionParser.parse("event.title == \"x\"", scope).test(context))
                .isFalse();
        assertThat(ConditionParser.parse("event.title != \"x\"", scope).test(context))
                .isFalse();
        assertThat(ConditionParser.parse("event.pause_seconds == \"700\"", scope)
                        .test(context))
                .isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            state.cart.valu > 1                    | unknown field state.cart.valu
            state.cart.value > "big"               | state.cart.value is a number and cannot be compared with a string
            event.category == "x"                  | event.* fields are not available here
            state.cart.value >                     | expected a value
            state.cart.value = 3                   | unknown operator '='
            state.sessions[1h] > 1                 | does not take a window
            count(product_view) > 1                | needs 'within'
            state.cart.value > 1 and               | expected a field
            (state.cart.value > 1                  | expected ')'
            state.since_first_seen < 3             | is a duration and cannot be compared with a number
            state.spend > 1 state.spend < 2        | unexpected 'state.spend'
            """)
    void givenBadSegmentCondition_whenParsed_thenRejectedWithReason(String text, String reason) {
        assertThatThrownBy(() -> ConditionParser.parse(text, ConditionScope.STATE_ONLY))
                .isInstanceOf(InvalidCondition.class)
                .hasMessageContaining(reason);
    }

    @Test
    void givenUnknownPropertyOfKnownType_whenParsed_thenReasonListsTheProperties() {
        assertThatThrownBy(
                        () -> ConditionParser.parse("event.colour == \"red\"", ConditionScope.forEventType("purchase")))
                .hasMessage("event.colour is not a property of purchase (it has: currency, order_id, revenue)");
    }

    @Test
    void givenOrderingOnString_whenParsed_thenRejected() {
        assertThatThrownBy(
                        () -> ConditionParser.parse("event.category > \"a\"", ConditionScope.forEventType("page_view")))
                .hasMessageContaining("operator > needs a number or a duration");
    }

    @Test
    void givenCyclicSegments_whenCatalogued_thenRejected() {
        List<Segment> cyclic = List.of(
                new Segment("a", "", ConditionParser.parse("in_segment(b)", ConditionScope.STATE_ONLY)),
                new Segment("b", "", ConditionParser.parse("in_segment(a)", ConditionScope.STATE_ONLY)));

        assertThatThrownBy(() -> new SegmentCatalog(cyclic)).hasMessageContaining("cycle: a -> b -> a");
    }
}
