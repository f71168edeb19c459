package io.kairos.http;

import io.kairos.domain.port.out.ExperimentRegistry;
import io.kairos.domain.port.out.ExperimentRegistry.AuditEntry;
import java.util.List;
import java.util.Objects;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The whole audit trail over HTTP (read role): every change to experiments and campaigns, who made it, when and what,
 * oldest first; {@code ?subject=} narrows it to one experiment's key or to {@code campaigns}.
 */
@RestController
@RequestMapping("/api/audit")
public final class AuditApi {

    private static final JsonMapper MAPPER = JsonAnswers.MAPPER;

    private final ExperimentRegistry registry;

    public AuditApi(ExperimentRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> trail(@RequestParam(required = false) String subject) {
        String filter = subject == null || subject.isBlank() ? null : subject;
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .body(MAPPER.writeValueAsString(entries(registry.auditTrail(filter))));
    }

    /** The entries as JSON objects: at, actor, action, subject and the details as stored. */
    static ArrayNode entries(List<AuditEntry> trail) {
        ArrayNode entries = MAPPER.createArrayNode();
        for (AuditEntry entry : trail) {
            ObjectNode node = entries.addObject();
            node.put("at", entry.at().toString());
            node.put("actor", entry.actor());
            node.put("action", entry.action());
            node.put("subject", entry.subject());
            node.set("details", MAPPER.readTree(entry.details()));
        }
        return entries;
    }
}
