package io.kairos.domain.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kairos.domain.event.Channel;
import io.kairos.domain.event.TestEvents;
import io.kairos.domain.segment.ConditionScope;
import io.kairos.domain.segment.EvaluationContext;
import io.kairos.domain.segment.InvalidCondition;
import io.kairos.domain.segment.SegmentCatalog;
import io.kairos.domain.state.Retention;
import io.kairos.domain.state.UserState;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessageTemplateTest {

    private static final Instant T = Instant.parse("2026-11-28T10:00:00Z");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Hi {user.id}!                                   | Hi u-1!
            {state.cart.items} items, {state.cart.value}   | 3 items, 31.50
            Seen for {state.since_first_seen}               | Seen for 90 min
            {campaign.id} / {offer} / {event.product_id}    | c1 / SAVE10 / p-1
            Missing: [{event.category}]                     | Missing: []
            No variables at all                             | No variables at all
            """)
    void givenTemplate_whenRendered_thenVariablesAreFilledAndFormatted(String body, String expected) {
        UserState state = UserState.empty("u-1")
                .apply(TestEvents.pageView("v", "u-1", T.minus(Duration.ofMinutes(90))), Retention.MINIMAL)
                .apply(TestEvents.addToCart("a", "u-1", T, "p-1", 3, 10.5), Retention.MINIMAL);
        EvaluationContext context = new EvaluationContext(
                state, TestEvents.addToCart("a", "u-1", T, "p-1", 3, 10.5), T, SegmentCatalog.EMPTY);

        RenderedMessage message = MessageTemplate.compile(
                        Channel.EMAIL, body, "SAVE10", ConditionScope.forEventType("add_to_cart"))
                .render("c1", context);

        assertThat(message.body()).isEqualTo(expected);
        assertThat(message.payloadBytes()).isEqualTo(expected.length() + "SAVE10".length());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Hello {state.nope}         | unknown field state.nope
            Hello {event.colour}       | event.colour is not a property of add_to_cart
            Hello {state.cart.value    | unclosed '{'
            """)
    void givenBadVariable_whenCompiled_thenRejectedWithReason(String body, String reason) {
        assertThatThrownBy(() ->
                        MessageTemplate.compile(Channel.PUSH, body, null, ConditionScope.forEventType("add_to_cart")))
                .isInstanceOf(InvalidCondition.class)
                .hasMessageContaining(reason);
    }
}
