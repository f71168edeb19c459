package io.kairos.streaming.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.kairos.domain.event.KnownEventType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The versioned JSON Schemas of the activity topic, loaded from the classpath ({@code /schemas/<name>.v<N>.schema.json}):
 * one per known event type and version, {@code custom} for event types the platform does not model, and {@code
 * watermark} for watermark records.
 */
public final class EventSchemas {

    /** Where the schemas live on the classpath. */
    public static final String LOCATION = "/schemas/";

    /** The schema name of event types the platform does not model. */
    public static final String CUSTOM = "custom";

    /** The schema name (and the {@code type} value) of watermark records. */
    public static final String WATERMARK = "watermark";

    /** The keyword by which a schema version declares how older versions are upcast to it. */
    public static final String UPCAST_KEYWORD = "x-kairos-upcast";

    private static final int HIGHEST_VERSION_PROBED = 20;

    private final Map<String, TreeMap<Integer, Loaded>> schemas;

    private record Loaded(JsonNode document, JsonSchema validator) {}

    private EventSchemas(Map<String, TreeMap<Integer, Loaded>> schemas) {
        this.schemas = schemas;
    }

    /** Every schema shipped with this module. */
    public static EventSchemas load() {
        ObjectMapper mapper = new ObjectMapper();
        // The upcast declaration is for the compatibility check and the reader, not a validation keyword.
        JsonMetaSchema metaSchema = JsonMetaSchema.builder(JsonMetaSchema.getV202012())
                .keyword(new NonValidationKeyword(UPCAST_KEYWORD))
                .build();
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(
                SpecVersion.VersionFlag.V202012, builder -> builder.metaSchema(metaSchema));
        SchemaValidatorsConfig config =
                SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        Map<String, TreeMap<Integer, Loaded>> found = new LinkedHashMap<>();
        for (String name : names()) {
            TreeMap<Integer, Loaded> versions = new TreeMap<>();
            for (int version = 1; version <= HIGHEST_VERSION_PROBED; version++) {
                String path = LOCATION + fileName(name, version);
                try (InputStream in = EventSchemas.class.getResourceAsStream(path)) {
                    if (in == null) {
                        break;
                    }
                    JsonNode document = mapper.readTree(in);
                    versions.put(version, new Loaded(document, factory.getSchema(document, config)));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read schema " + path, e);
                }
            }
            if (versions.isEmpty()) {
                throw new IllegalStateException("no schema found for " + name + " under " + LOCATION);
            }
            found.put(name, versions);
        }
        return new EventSchemas(Collections.unmodifiableMap(found));
    }

    /** The file name of one schema version, e.g. {@code purchase.v2.schema.json}. */
    public static String fileName(String name, int version) {
        return name + ".v" + version + ".schema.json";
    }

    /** Every schema name: the known event types, {@code custom} and {@code watermark}. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (KnownEventType type : KnownEventType.values()) {
            names.add(type.wireName());
        }
        names.add(CUSTOM);
        names.add(WATERMARK);
        return names;
    }

    /** The versions shipped for a schema name, ascending. */
    public Set<Integer> versions(String name) {
        TreeMap<Integer, Loaded> versions = schemas.get(name);
        return versions == null ? Set.of() : Collections.unmodifiableSet(versions.keySet());
    }

    /** The schema document of one version, if shipped. */
    public Optional<JsonNode> document(String name, int version) {
        return loaded(name, version).map(Loaded::document);
    }

    /**
     * Validates a document against one schema version and returns every violation, sorted; empty means valid.
     *
     * @throws IllegalArgumentException if that version is not shipped
     */
    public List<String> violations(String name, int version, JsonNode document) {
        Loaded schema = loaded(name, version)
                .orElseThrow(() -> new IllegalArgumentException("no schema " + fileName(name, version)));
        List<String> messages = new ArrayList<>();
        for (ValidationMessage message : schema.validator().validate(document)) {
            messages.add(message.getMessage());
        }
        Collections.sort(messages);
        return messages;
    }

    private Optional<Loaded> loaded(String name, int version) {
        TreeMap<Integer, Loaded> versions = schemas.get(name);
        return versions == null ? Optional.empty() : Optional.ofNullable(versions.get(version));
    }
}
