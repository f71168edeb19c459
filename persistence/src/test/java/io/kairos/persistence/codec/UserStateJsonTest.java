package io.kairos.persistence.codec;

import static io.kairos.persistence.Samples.NOON;
import static io.kairos.persistence.Samples.everyKindOfEvent;
import static io.kairos.persistence.Samples.richState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kairos.domain.event.UserEvent;
import io.kairos.domain.state.UserState;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserStateJsonTest {

    @Test
    void givenStateWithEveryComponent_whenWrittenAndRead_thenEqual() {
        UserState state = richState("u-1");

        assertThat(UserStateJson.read(UserStateJson.write(state))).isEqualTo(state);
    }

    @Test
    void givenEmptyState_whenWritten_thenTheDocumentNamesEveryCollectionAndLeavesAbsentValuesOut() {
        String json = UserStateJson.write(UserState.empty("u-0"));

        assertThat(json)
                .isEqualTo("{\"user_id\":\"u-0\",\"session_count\":0,\"cart\":[],\"purchases\":[],"
                        + "\"lifetime_purchases\":0,\"lifetime_spend\":0.0,\"messages\":[],\"consent\":{},"
                        + "\"recent_events\":[]}");
        assertThat(UserStateJson.read(json)).isEqualTo(UserState.empty("u-0"));
    }

    @Test
    void givenStateAsPostgresqlReturnsIt_whenRead_thenKeyOrderAndNumberFormDoNotMatter() {
        String reordered = "{\"cart\": [{\"quantity\": 2, \"unit_price\": 7.50, \"product_id\": \"p\"}],"
                + " \"user_id\": \"u-0\", \"lifetime_spend\": 1e2}";

        UserState state = UserStateJson.read(reordered);

        assertThat(state.cart().value()).isEqualTo(15.0);
        assertThat(state.lifetimeSpend()).isEqualTo(100.0);
    }

    @Test
    void givenEventsOfEveryType_whenEachIsWrittenAndRead_thenEqual() {
        for (UserEvent event : everyKindOfEvent("u-1", NOON)) {
            assertThat(EventJson.event(EventJson.event(event))).isEqualTo(event);
            byte[] properties = EventJson.properties(event.properties()).getBytes(StandardCharsets.UTF_8);
            assertThat(EventJson.properties(List.of(event.type()), properties, 0, properties.length))
                    .containsExactly(event.properties());
        }
    }

    @Test
    void givenDocumentWithAnUnknownChannel_whenRead_thenTheErrorNamesIt() {
        String json = "{\"user_id\":\"u\",\"messages\":[{\"message_id\":\"m\",\"channel\":\"pigeon\"}]}";

        assertThatThrownBy(() -> UserStateJson.read(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pigeon");
    }
}
