package io.kairos.domain.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventValidatorTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-28T12:00:00Z");
    private static final String ID = "3f2b8c1e-0a4d-4e5f-8a7b-9c0d1e2f3a4b";

    private final EventValidator validator = EventValidator.standard();

    private static RawEvent raw(String type, Integer version, Map<String, Object> properties) {
        return new RawEvent(ID, "u-1", type, "2026-11-28T11:59:00Z", "s-1", version, properties);
    }

    @Test
    void givenCurrentPurchase_whenValidated_thenTypedPurchase() {
        EventValidation result = validator.validate(
                raw("purchase", 2, Map.of("order_id", "o-1", "revenue", 42.5, "currency", "USD")), RECEIVED);

        assertThat(result).isInstanceOf(EventValidation.Valid.class);
        UserEvent event = ((EventValidation.Valid) result).event();
        assertThat(event.type()).isEqualTo("purchase");
        assertThat(event.properties()).isEqualTo(new EventProperties.Purchase("o-1", 42.5, "USD"));
        assertThat(event.sessionId()).isEqualTo("s-1");
        assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-11-28T11:59:00Z"));
    }

    @Test
    void givenSeveralProblems_whenValidated_thenEveryProblemIsReported() {
        RawEvent bad = new RawEvent(
                "not-a-uuid",
                null,
                "purchase",
                "yesterday",
                null,
                2,
                Map.of("order_id", "o-1", "revenue", -5, "currency", "euro"));

        EventValidation result = validator.validate(bad, RECEIVED);

        assertThat(result).isInstanceOf(EventValidation.Invalid.class);
        assertThat(((EventValidation.Invalid) result).problems())
                .extracting(EventProblem::field)
                .containsExactly("eventId", "userId", "occurredAt", "properties.revenue", "properties.currency");
        assertThat(((EventValidation.Invalid) result).reason())
                .contains("userId: missing")
                .contains("not an ISO-8601 instant")
                .contains("must not be negative");
    }

    @ParameterizedTest(name = "{0} v{1} {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            purchase     | 3    | {}                          | schemaVersion      | unknown version 3 of purchase (supported: 1..2)
            purchase     | 0    | {}                          | schemaVersion      | unknown version 0
            purchase     |      | {}                          | schemaVersion      | missing
            feature_used | 2    | {}                          | schemaVersion      | unknown version 2 of feature_used (supported: 1..1)
            Bad-Type     | 1    | {}                          | type               | must match
            add_to_cart  | 2    | product_id=p;unit_price=1   | properties.quantity | missing
            add_to_cart  | 2    | product_id=p;quantity=0.5;unit_price=1 | properties.quantity | whole number
            page_view    | 2    | url=/;colour=red            | properties.colour  | not a property of this event type
            consent_changed | 2 | channel=fax;granted=true    | properties.channel | unknown channel: fax
            profile_updated | 2 | time_zone=Mars/Base         | properties.time_zone | unknown time zone
            purchase     | 2    | order_id=o;revenue=NaN;currency=EUR | properties.revenue | finite number
            """)
    void givenBadTypeOrVersionOrProperty_whenValidated_thenRejectedWithReason(
            String type, Integer version, String props, String field, String reason) {
        EventValidation result = validator.validate(raw(type, version, parse(props)), RECEIVED);

        assertThat(result).isInstanceOf(EventValidation.Invalid.class);
        assertThat(((EventValidation.Invalid) result).problems()).anySatisfy(problem -> {
            assertThat(problem.field()).isEqualTo(field);
            assertThat(problem.reason()).contains(reason);
        });
    }

    @ParameterizedTest(name = "occurredAt {0}")
    @CsvSource({
        "1999-12-31T23:59:59Z, before 2000-01-01",
        "2026-11-28T12:06:00Z, after reception",
        "2026-11-28 11:00, not an ISO-8601 instant"
    })
    void givenAbsurdTime_whenValidated_thenRejected(String occurredAt, String reason) {
        RawEvent event = new RawEvent(ID, "u-1", "page_view", occurredAt, null, 2, Map.of("url", "/"));

        EventValidation result = validator.validate(event, RECEIVED);

        assertThat(((EventValidation.Invalid) result).problems())
                .singleElement()
                .satisfies(p -> assertThat(p.reason()).contains(reason));
    }

    @Test
    void givenVersionOnePurchase_whenValidated_thenUpcastWithLegacyCurrency() {
        EventValidation result =
                validator.validate(raw("purchase", 1, Map.of("order_id", "o-9", "amount", 19)), RECEIVED);

        assertThat(((EventValidation.Valid) result).event().properties())
                .isEqualTo(new EventProperties.Purchase("o-9", 19.0, "EUR"));
    }

    @Test
    void givenVersionOneAddToCart_whenValidated_thenPriceRenamedAndQuantityDefaulted() {
        EventValidation result =
                validator.validate(raw("add_to_cart", 1, Map.of("product_id", "p-1", "price", 5.5)), RECEIVED);

        assertThat(((EventValidation.Valid) result).event().properties())
                .isEqualTo(new EventProperties.AddToCart("p-1", 1, 5.5, null));
    }

    @Test
    void givenCustomEvent_whenValidated_thenAttributesAreTyped() {
        EventValidation result = validator.validate(
                raw("video_paused", 1, Map.of("pause_seconds", 720, "title", "Dune", "autoplay", false)), RECEIVED);

        UserEvent event = ((EventValidation.Valid) result).event();
        assertThat(event.type()).isEqualTo("video_paused");
        assertThat(event.property("pause_seconds")).isEqualTo(720.0);
        assertThat(event.property("title")).isEqualTo("Dune");
        assertThat(event.property("autoplay")).isEqualTo(false);
    }

    @Test
    void givenCustomEventWithNestedValue_whenValidated_thenRejected() {
        EventValidation result = validator.validate(raw("video_paused", 1, Map.of("meta", Map.of())), RECEIVED);

        assertThat(((EventValidation.Invalid) result).problems())
                .containsExactly(new EventProblem("properties.meta", "must be a string, a number or a boolean"));
    }

    @ParameterizedTest(name = "{0}.{1} = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            page_view    | url         | /a\\u0000b       | control character U+0000 at position 2
            page_view    | category    | shoes\\u001b      | control character U+001B at position 5
            product_view | product_id  | p\\u007f          | control character U+007F at position 1
            add_to_cart  | category    | x\\ud800y         | unpaired surrogate U+D800 at position 1
            video_paused | title       | \\udc00           | unpaired surrogate U+DC00 at position 0
            video_paused | chapter     | tab\\there        | control character U+0009 at position 3
            """)
    void givenUnstorableCharacterInAnyText_whenValidated_thenRejectedWithItsPosition(
            String type, String property, String escaped, String reason) {
        Map<String, Object> props = new HashMap<>(
                switch (type) {
                    case "page_view" -> Map.of("url", "/");
                    case "product_view" -> Map.of("product_id", "p-1");
                    case "add_to_cart" -> Map.of("product_id", "p-1", "quantity", 1, "unit_price", 2.0);
                    default -> Map.of();
                });
        props.put(property, unescape(escaped));

        EventValidation result =
                validator.validate(raw(type, KnownEventType.fromWireName(type).isPresent() ? 2 : 1, props), RECEIVED);

        assertThat(result).isInstanceOf(EventValidation.Invalid.class);
        assertThat(((EventValidation.Invalid) result).problems())
                .singleElement()
                .satisfies(problem -> {
                    assertThat(problem.field()).isEqualTo("properties." + property);
                    assertThat(problem.reason()).contains(reason);
                });
    }

    @Test
    void givenSurrogatePairInText_whenValidated_thenAccepted() {
        EventValidation result =
                validator.validate(raw("page_view", 2, Map.of("url", "/caf\u00e9/\ud83d\ude00")), RECEIVED);

        assertThat(result).isInstanceOf(EventValidation.Valid.class);
    }

    @Test
    void givenAmountBeyondAnyRealOrder_whenValidated_thenRejected() {
        EventValidation result = validator.validate(
                raw("purchase", 2, Map.of("order_id", "o-1", "revenue", 1e300, "currency", "EUR")), RECEIVED);

        assertThat(((EventValidation.Invalid) result).problems())
                .singleElement()
                .satisfies(problem -> assertThat(problem.reason()).contains("must not exceed"));
    }

    @Test
    void givenProblemQuotingAControlCharacter_whenReasonIsRead_thenTheCharacterIsEscaped() {
        EventValidation result =
                validator.validate(raw("page_view", 2, Map.of("url", "/", "co\u0000lour", "red")), RECEIVED);

        assertThat(((EventValidation.Invalid) result).reason())
                .contains("co\\u0000lour")
                .doesNotContain("\u0000");
    }

    private static String unescape(String escaped) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < escaped.length(); i++) {
            if (escaped.startsWith("\\u", i)) {
                text.append((char) Integer.parseInt(escaped.substring(i + 2, i + 6), 16));
                i += 5;
            } else if (escaped.startsWith("\\t", i)) {
                text.append('\t');
                i++;
            } else {
                text.append(escaped.charAt(i));
            }
        }
        return text.toString();
    }

    private static Map<String, Object> parse(String props) {
        Map<String, Object> map = new HashMap<>();
        if (props.equals("{}")) {
            return map;
        }
        for (String pair : props.split(";")) {
            String[] kv = pair.split("=", 2);
            Object value = kv[1];
            if (kv[1].equals("true") || kv[1].equals("false")) {
                value = Boolean.valueOf(kv[1]);
            } else if (kv[1].equals("NaN")) {
                value = Double.NaN;
            } else if (kv[1].matches("-?\\d+(\\.\\d+)?")) {
                value = Double.valueOf(kv[1]);
            }
            map.put(kv[0], value);
        }
        return map;
    }
}
