package io.kairos.http;

import java.security.Principal;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The JSON answers of the admin APIs: a document with a status, an {@code {"error": ...}} body, the actor's name. */
final class JsonAnswers {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private JsonAnswers() {}

    /** {@code body} as JSON with this status. */
    static ResponseEntity<String> json(HttpStatus status, JsonNode body) {
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .body(MAPPER.writeValueAsString(body));
    }

    /** {@code {"error": message}} with this status. */
    static ResponseEntity<String> error(HttpStatus status, String message) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("error", message);
        return json(status, body);
    }

    /** Who made a change, for the audit trail: the authenticated key or token. */
    static String actor(Principal principal) {
        return principal == null ? "anonymous (loopback)" : principal.getName();
    }
}
