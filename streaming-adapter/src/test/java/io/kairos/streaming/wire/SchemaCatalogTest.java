package io.kairos.streaming.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kairos.domain.event.KnownEventType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The build's schema gate: every shipped version is backward compatible with the previous one and never edited. */
class SchemaCatalogTest {

    private static final EventSchemas SCHEMAS = EventSchemas.load();

    @Test
    void givenShippedSchemas_whenEachVersionIsComparedWithThePrevious_thenNoChangeIsBreaking() {
        List<String> problems = new ArrayList<>();
        for (String name : EventSchemas.names()) {
            List<Integer> versions = new ArrayList<>(SCHEMAS.versions(name));
            for (int i = 1; i < versions.size(); i++) {
                JsonNode previous = SCHEMAS.document(name, versions.get(i - 1)).orElseThrow();
                JsonNode next = SCHEMAS.document(name, versions.get(i)).orElseThrow();
                String file = EventSchemas.fileName(name, versions.get(i));
                for (String problem : SchemaCompatibility.breakingChanges(previous, next)) {
                    problems.add(file + ": " + problem);
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void givenTheDomainsEventTypes_whenSchemasAreLoaded_thenEveryVersionFromOneToCurrentIsShipped() {
        for (KnownEventType type : KnownEventType.values()) {
            List<Integer> expected = new ArrayList<>();
            for (int version = 1; version <= type.currentVersion(); version++) {
                expected.add(version);
            }
            assertThat(SCHEMAS.versions(type.wireName())).as(type.wireName()).containsExactlyElementsOf(expected);
        }
        assertThat(SCHEMAS.versions(EventSchemas.CUSTOM)).containsExactly(1);
        assertThat(SCHEMAS.versions(EventSchemas.WATERMARK)).containsExactly(1);
    }

    @Test
    void givenTheLockFile_whenEverySchemaIsFingerprinted_thenNoPublishedSchemaWasEdited() throws Exception {
        Map<String, String> locked = lockedFingerprints();
        Map<String, String> actual = new LinkedHashMap<>();
        for (String name : EventSchemas.names()) {
            for (int version : SCHEMAS.versions(name)) {
                String file = EventSchemas.fileName(name, version);
                actual.put(file, sha256(EventSchemas.LOCATION + file));
            }
        }
        assertThat(actual)
                .as("a published schema changed or a new one is not locked: add a new version instead of editing,"
                        + " and append its sha256sum line to schemas.lock")
                .isEqualTo(locked);
    }

    private static Map<String, String> lockedFingerprints() throws IOException {
        Map<String, String> locked = new LinkedHashMap<>();
        try (InputStream in = SchemaCatalogTest.class.getResourceAsStream(EventSchemas.LOCATION + "schemas.lock")) {
            assertThat(in).as("schemas.lock").isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.trim().split("\\s+");
                locked.put(parts[1], parts[0]);
            }
        }
        return locked;
    }

    private static String sha256(String resource) throws IOException, NoSuchAlgorithmException {
        try (InputStream in = SchemaCatalogTest.class.getResourceAsStream(resource)) {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
        }
    }
}
