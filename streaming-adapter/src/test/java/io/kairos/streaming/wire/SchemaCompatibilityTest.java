package io.kairos.streaming.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** Each compatibility rule, shown failing on a change that breaks it and passing on one that does not. */
class SchemaCompatibilityTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode event(int version, String payload) throws Exception {
        return MAPPER.readTree(("{'type':'object','required':['eventId','properties'],'properties':{"
                        + "'eventId':{'type':'string'},'schemaVersion':{'const':" + version + "},"
                        + "'properties':" + payload + "},'additionalProperties':false}")
                .replace('\'', '"'));
    }

    private static final String V1 = "{'type':'object','required':['order_id'],'properties':{"
            + "'order_id':{'type':'string','maxLength':128},'amount':{'type':'number'},'note':{'type':'string'}}}";

    @Test
    void givenAnOptionalFieldAddedAndATypeWidened_whenCompared_thenCompatible() throws Exception {
        String next = "{'type':'object','required':['order_id'],'properties':{"
                + "'order_id':{'type':['string','null'],'maxLength':200},'amount':{'type':'number'},"
                + "'note':{'type':'string'},'coupon':{'type':'string'}}}";
        assertThat(SchemaCompatibility.breakingChanges(event(1, V1), event(2, next)))
                .isEmpty();
    }

    @Test
    void givenANewRequiredFieldWithoutDefault_whenCompared_thenBreaking() throws Exception {
        String next = V1.replace("'required':['order_id']", "'required':['order_id','amount']");
        assertThat(SchemaCompatibility.breakingChanges(event(1, V1), event(2, next)))
                .containsExactly("properties.amount: newly required, with no default in x-kairos-upcast");
    }

    @Test
    void givenANewRequiredFieldWithAnUpcastDefault_whenCompared_thenCompatible() throws Exception {
        String next = V1.replace("'required':['order_id']", "'required':['order_id','amount']");
        JsonNode upcast = event(2, next);
        ((ObjectNode) upcast).set("x-kairos-upcast", MAPPER.readTree("{\"from\":1,\"defaults\":{\"amount\":0}}"));
        assertThat(SchemaCompatibility.breakingChanges(event(1, V1), upcast)).isEmpty();
    }

    @Test
    void givenARemovedProperty_whenCompared_thenBreaking() throws Exception {
        String next = "{'type':'object','required':['order_id'],'properties':{"
                + "'order_id':{'type':'string','maxLength':128},'amount':{'type':'number'}}}";
        assertThat(SchemaCompatibility.breakingChanges(event(1, V1), event(2, next)))
                .containsExactly("properties.note: removed");
    }

    @Test
    void givenATypeNarrowedAndALengthLowered_whenCompared_thenBothAreBreaking() throws Exception {
        String next = "{'type':'object','required':['order_id'],'properties':{"
                + "'order_id':{'type':'string','maxLength':64},'amount':{'type':'integer'},'note':{'type':'string'}}}";
        assertThat(SchemaCompatibility.breakingChanges(event(1, V1), event(2, next)))
                .containsExactlyInAnyOrder(
                        "properties.order_id: maxLength added or lowered to 64",
                        "properties.amount: type narrowed from [number] to [integer]");
    }

    @Test
    void givenAnOpenObjectClosed_whenCompared_thenBreaking() throws Exception {
        String next = V1.replace("}}}", "}},'additionalProperties':false}");
        assertThat(SchemaCompatibility.breakingChanges(event(1, V1), event(2, next)))
                .containsExactly("properties.(object): closed to additional properties");
    }

    @Test
    void givenTheShippedPurchaseUpcast_whenItsRenameIsRemoved_thenTheRemovedAmountIsReported() throws Exception {
        EventSchemas schemas = EventSchemas.load();
        JsonNode v1 = schemas.document("purchase", 1).orElseThrow();
        JsonNode v2 = schemas.document("purchase", 2).orElseThrow().deepCopy();
        ((ObjectNode) v2.get("x-kairos-upcast")).putObject("renames");
        assertThat(SchemaCompatibility.breakingChanges(v1, v2))
                .containsExactlyInAnyOrder(
                        "properties.revenue: newly required, with no default in x-kairos-upcast",
                        "properties.amount: removed");
    }
}
