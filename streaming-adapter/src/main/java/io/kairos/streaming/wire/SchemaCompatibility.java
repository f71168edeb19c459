package io.kairos.streaming.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks that a new version of an event schema is backward compatible with the previous one: everything a producer
 * could send under the old version still reads, through the upcast the new version declares.
 *
 * <p>The rules, applied to the envelope and, recursively, to every nested object schema:
 *
 * <ol>
 *   <li><b>No new required field</b>: a field required by the new version was required by the old one, or the new
 *       version's {@code x-kairos-upcast} gives it a default or renames a required old field to it.
 *   <li><b>No removed property</b>: every property of the old version still exists, or is renamed by {@code
 *       x-kairos-upcast.renames} to a property that exists.
 *   <li><b>No type narrowing</b>: a property's JSON types only widen ({@code number} covers {@code integer}); a
 *       {@code const} or {@code enum} may not appear or shrink; {@code maxLength}, {@code maximum} may not decrease,
 *       {@code minLength}, {@code minimum} may not increase, a {@code pattern} may not appear or change; closed
 *       objects ({@code additionalProperties: false}) may not be closed when they were open.
 * </ol>
 *
 * {@code x-kairos-upcast} applies to the event's {@code properties} object, where event types evolve; the envelope's
 * {@code schemaVersion} constant is the version tag itself and is exempt.
 */
public final class SchemaCompatibility {

    private SchemaCompatibility() {}

    /** Every breaking change from {@code previous} to {@code next}, each as one sentence; empty when compatible. */
    public static List<String> breakingChanges(JsonNode previous, JsonNode next) {
        List<String> problems = new ArrayList<>();
        JsonNode upcast = next.path(EventSchemas.UPCAST_KEYWORD);
        compareObject("", previous, next, null, problems);
        JsonNode oldPayload = previous.path("properties").path("properties");
        JsonNode newPayload = next.path("properties").path("properties");
        if (!oldPayload.isMissingNode() && !newPayload.isMissingNode()) {
            compareObject("properties.", oldPayload, newPayload, upcast, problems);
        }
        return problems;
    }

    private static void compareObject(
            String path, JsonNode previous, JsonNode next, JsonNode upcast, List<String> problems) {
        Map<String, String> renames = new TreeMap<>();
        Set<String> defaults = new HashSet<>();
        if (upcast != null && !upcast.isMissingNode()) {
            upcast.path("renames")
                    .fields()
                    .forEachRemaining(e -> renames.put(e.getKey(), e.getValue().asText()));
            upcast.path("defaults").fieldNames().forEachRemaining(defaults::add);
        }
        Set<String> oldRequired = strings(previous.path("required"));
        for (String field : strings(next.path("required"))) {
            boolean renamedRequired = renames.entrySet().stream()
                    .anyMatch(r -> r.getValue().equals(field) && oldRequired.contains(r.getKey()));
            if (!oldRequired.contains(field) && !defaults.contains(field) && !renamedRequired) {
                problems.add(path + field + ": newly required, with no default in x-kairos-upcast");
            }
        }
        JsonNode oldProperties = previous.path("properties");
        JsonNode newProperties = next.path("properties");
        for (Iterator<String> names = oldProperties.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (path.isEmpty() && name.equals("properties")) {
                continue;
            }
            String target = renames.getOrDefault(name, name);
            JsonNode after = newProperties.get(target);
            if (after == null) {
                problems.add(path + name + (target.equals(name) ? ": removed" : ": renamed to missing " + target));
                continue;
            }
            if (path.isEmpty() && name.equals("schemaVersion")) {
                continue;
            }
            compareValue(path + name, oldProperties.get(name), after, problems);
        }
        if (allowsAdditional(previous) && !allowsAdditional(next)) {
            problems.add(path + "(object): closed to additional properties");
        }
    }

    private static void compareValue(String path, JsonNode previous, JsonNode next, List<String> problems) {
        Set<String> oldTypes = types(previous);
        Set<String> newTypes = types(next);
        for (String type : oldTypes) {
            boolean covered = newTypes.contains(type) || (type.equals("integer") && newTypes.contains("number"));
            if (!newTypes.isEmpty() && !covered) {
                problems.add(path + ": type narrowed from " + oldTypes + " to " + newTypes);
                break;
            }
        }
        if (oldTypes.isEmpty() && !newTypes.isEmpty()) {
            problems.add(path + ": type narrowed from any to " + newTypes);
        }
        if (next.has("const")
                && !(previous.has("const") && previous.get("const").equals(next.get("const")))) {
            problems.add(path + ": const " + next.get("const") + " added or changed");
        }
        if (next.has("enum")) {
            Set<JsonNode> allowed = new HashSet<>();
            next.get("enum").forEach(allowed::add);
            boolean widens = previous.has("enum");
            if (widens) {
                for (JsonNode value : previous.get("enum")) {
                    widens &= allowed.contains(value);
                }
            }
            if (!widens) {
                problems.add(path + ": enum added or reduced");
            }
        }
        upperBound(path, "maxLength", previous, next, problems);
        upperBound(path, "maximum", previous, next, problems);
        lowerBound(path, "minLength", previous, next, problems);
        lowerBound(path, "minimum", previous, next, problems);
        if (next.has("pattern")
                && !(previous.has("pattern") && previous.get("pattern").equals(next.get("pattern")))) {
            problems.add(path + ": pattern added or changed");
        }
        if (next.has("properties") || previous.has("properties")) {
            compareObject(path + ".", previous, next, null, problems);
        }
    }

    private static void upperBound(String path, String keyword, JsonNode previous, JsonNode next, List<String> out) {
        if (next.has(keyword)
                && (!previous.has(keyword)
                        || next.get(keyword)
                                        .decimalValue()
                                        .compareTo(previous.get(keyword).decimalValue())
                                < 0)) {
            out.add(path + ": " + keyword + " added or lowered to " + next.get(keyword));
        }
    }

    private static void lowerBound(String path, String keyword, JsonNode previous, JsonNode next, List<String> out) {
        if (next.has(keyword)
                && (!previous.has(keyword)
                        || next.get(keyword)
                                        .decimalValue()
                                        .compareTo(previous.get(keyword).decimalValue())
                                > 0)) {
            out.add(path + ": " + keyword + " added or raised to " + next.get(keyword));
        }
    }

    private static boolean allowsAdditional(JsonNode objectSchema) {
        JsonNode additional = objectSchema.path("additionalProperties");
        return !(additional.isBoolean() && !additional.asBoolean());
    }

    private static Set<String> types(JsonNode schema) {
        Set<String> types = new LinkedHashSet<>();
        JsonNode type = schema.path("type");
        if (type.isTextual()) {
            types.add(type.asText());
        } else if (type.isArray()) {
            type.forEach(t -> types.add(t.asText()));
        }
        return types;
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> values = new LinkedHashSet<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
