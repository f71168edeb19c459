package io.kairos.report;

import java.util.OptionalDouble;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Writes optional numbers into JSON, as the report's schemas want them: a number, or {@code null} when undefined. */
public final class JsonNumbers {

    private JsonNumbers() {}

    /** {@code name: value}, or {@code name: null} when the value is undefined. */
    public static void number(ObjectNode node, String name, OptionalDouble value) {
        if (value.isPresent()) {
            node.put(name, value.getAsDouble());
        } else {
            node.putNull(name);
        }
    }

    /** The value appended, or {@code null} when it is undefined. */
    public static void number(ArrayNode array, OptionalDouble value) {
        if (value.isPresent()) {
            array.add(value.getAsDouble());
        } else {
            array.addNull();
        }
    }
}
