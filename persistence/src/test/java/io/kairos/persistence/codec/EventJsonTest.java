package io.kairos.persistence.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kairos.domain.event.Channel;
import io.kairos.domain.event.EventProperties;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Event properties read token by token (the nightly job's path) and through a tree (stored whole events) agree. */
class EventJsonTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "page_view|{\"url\":\"/a\\tb\",\"category\":null}",
                "product_view|{\"product_id\":\"p1\",\"category\":\"sale\",\"price\":9.5}",
                "product_view|{\"product_id\":\"p1\",\"price\":10}",
                "add_to_cart|{\"product_id\":\"p\u00e9\",\"quantity\":2,\"unit_price\":40.25,\"category\":\"x\"}",
                "remove_from_cart|{\"product_id\":\"p\",\"quantity\":1}",
                "purchase|{\"order_id\":\"o1\",\"revenue\":150,\"currency\":\"EUR\"}",
                "message_delivered|{\"message_id\":\"m\",\"campaign_id\":\"c\",\"channel\":\"email\"}",
                "consent_changed|{\"channel\":\"sms\",\"granted\":false}",
                "profile_updated|{\"time_zone\":\"Europe/Paris\"}",
                "video_paused|{\"pause_seconds\":900,\"muted\":true,\"note\":\"\\\"quoted\\\"\",\"gone\":null}",
                "feature_used|{\"feature\":\"export\",\"n\":1.5e3}",
            })
    void givenStoredProperties_whenReadFromBytes_thenTheSameAsFromText(String type, String json) {
        byte[] padded = ("xx" + json + "yy").getBytes(StandardCharsets.UTF_8);
        int length = json.getBytes(StandardCharsets.UTF_8).length;

        List<EventProperties> fromBytes = EventJson.properties(List.of(type), padded, 2, length);

        assertThat(fromBytes).containsExactly(throughWholeEvent(type, json));
    }

    @Test
    void givenCustomAttributes_whenReadFromBytes_thenNumbersAreDoublesInTheirOrder() {
        byte[] json = "{\"b\":3,\"a\":true,\"c\":\"x\"}".getBytes(StandardCharsets.UTF_8);

        EventProperties read = EventJson.properties(List.of("feature_used"), json, 0, json.length)
                .get(0);

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("b", 3.0);
        expected.put("a", true);
        expected.put("c", "x");
        assertThat(read).isEqualTo(new EventProperties.Custom("feature_used", expected));
        assertThat(((EventProperties.Custom) read).attributes().keySet()).containsExactly("b", "a", "c");
    }

    @Test
    void givenSeveralEventsPropertiesInARow_whenReadTogether_thenEachIsTypedByItsOwnType() {
        byte[] json = "{\"url\": \"/\"} {\"order_id\": \"o\", \"revenue\": 12.5, \"currency\": \"EUR\"}\n{}"
                .getBytes(StandardCharsets.UTF_8);

        List<EventProperties> read =
                EventJson.properties(List.of("page_view", "purchase", "checkout_started"), json, 0, json.length);

        assertThat(read)
                .containsExactly(
                        new EventProperties.PageView("/", null),
                        new EventProperties.Purchase("o", 12.5, "EUR"),
                        new EventProperties.CheckoutStarted(null));
    }

    @Test
    void givenFewerOrMoreObjectsThanTypes_whenRead_thenTheErrorSaysSo() {
        byte[] two = "{} {}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> EventJson.properties(List.of("checkout_started"), two, 0, two.length))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more stored event properties");
        assertThatThrownBy(() -> EventJson.properties(
                        List.of("checkout_started", "checkout_started", "checkout_started"), two, 0, two.length))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing");
    }

    @Test
    void givenKnownTypes_whenRead_thenTyped() {
        byte[] json = "{\"channel\":\"sms\",\"granted\":true}".getBytes(StandardCharsets.UTF_8);

        assertThat(EventJson.properties(List.of("consent_changed"), json, 0, json.length))
                .containsExactly(new EventProperties.ConsentChanged(Channel.SMS, true));
    }

    @Test
    void givenNestedValue_whenRead_thenTheErrorNamesItOnBothPaths() {
        String json = "{\"feature\":{\"nested\":[1,2]}}";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> EventJson.properties(List.of("feature_used"), bytes, 0, bytes.length))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"feature\"");
        assertThatThrownBy(() -> throughWholeEvent("feature_used", json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"feature\"");
    }

    @Test
    void givenRequiredFieldMissing_whenRead_thenTheErrorNamesIt() {
        byte[] json = "{\"product_id\":\"p\"}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> EventJson.properties(List.of("add_to_cart"), json, 0, json.length))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"quantity\"");
    }

    /** The properties read through the tree path: inside a whole stored event, as user state holds them. */
    private static EventProperties throughWholeEvent(String type, String properties) {
        return EventJson.event("{\"event_id\":\"00000000-0000-0000-0000-000000000001\",\"user_id\":\"u\","
                        + "\"occurred_at\":\"2026-11-28T12:00:00Z\",\"type\":\"" + type + "\",\"properties\":"
                        + properties + "}")
                .properties();
    }
}
