package io.kairos.persistence.codec;

import java.io.StringWriter;
import java.time.Instant;
import java.util.function.Consumer;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The codecs' shared plumbing: one mapper, a string generator, and null-tolerant readers. */
final class Json {

    /**
     * Buffers recycled per thread: the codecs parse and write millions of small documents (a nightly run's events
     * and profiles) from a few long-lived threads, where the default shared pool's concurrent deque was a visible
     * cost of every parser.
     */
    static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .recyclerPool(JsonRecyclerPools.threadLocalPool())
                    .build())
            .build();

    /** Generators straight from the token factory: no databind context, which the codecs never need. */
    private static final TokenStreamFactory TOKENS = MAPPER.tokenStreamFactory();

    private Json() {}

    static String write(Consumer<JsonGenerator> body) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator generator = TOKENS.createGenerator(ObjectWriteContext.empty(), out)) {
            body.accept(generator);
        }
        return out.toString();
    }

    static JsonNode read(String json) {
        return MAPPER.readTree(json);
    }

    static void string(JsonGenerator g, String name, String value) {
        if (value != null) {
            g.writeStringProperty(name, value);
        }
    }

    static void instant(JsonGenerator g, String name, Instant value) {
        if (value != null) {
            g.writeStringProperty(name, IsoInstant.format(value));
        }
    }

    static String string(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value.asString();
    }

    static Instant instant(JsonNode node, String name) {
        String value = string(node, name);
        return value == null ? null : Instant.parse(value);
    }

    static Double number(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value.asDouble();
    }

    static JsonNode required(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("stored JSON lacks \"" + name + "\": " + node);
        }
        return value;
    }
}
