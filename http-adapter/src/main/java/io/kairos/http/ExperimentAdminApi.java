package io.kairos.http;

import static io.kairos.http.JsonAnswers.actor;
import static io.kairos.http.JsonAnswers.error;
import static io.kairos.http.JsonAnswers.json;

import io.kairos.domain.experiment.AnalysisPlan;
import io.kairos.domain.experiment.Arm;
import io.kairos.domain.experiment.DecisionWindow;
import io.kairos.domain.experiment.Experiment;
import io.kairos.domain.experiment.LayerRange;
import io.kairos.domain.experiment.RegisteredExperiment;
import io.kairos.domain.port.out.ExperimentRegistry;
import io.kairos.domain.port.out.ExperimentRegistry.LifecycleViolation;
import io.kairos.report.ReportJson;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Experiments as managed resources over HTTP, for the admin role: create a draft with its plan ({@code POST
 * /api/experiments}), start and stop it, and read its audit trail (read role). The same registry and the same refusals
 * as {@code kairos experiment}: 400 with every problem of a bad document, 409 for a change the lifecycle forbids, 404
 * for an unknown experiment; the actor recorded is the authenticated key or token.
 */
@RestController
@RequestMapping("/api/experiments")
public final class ExperimentAdminApi {

    private static final JsonMapper MAPPER = JsonAnswers.MAPPER;

    private final ExperimentRegistry registry;
    private final Clock clock;

    public ExperimentAdminApi(ExperimentRegistry registry, Clock clock) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A request body that is not a valid experiment; its message lists every problem. */
    static final class BadDocument extends RuntimeException {
        BadDocument(String message) {
            super(message);
        }
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> create(@RequestBody String body, Principal principal) {
        JsonNode document;
        try {
            document = MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw new BadDocument("the body is not JSON: " + e.getOriginalMessage());
        }
        if (document == null || !document.isObject()) {
            throw new BadDocument("the body must be a JSON object with key, arms and plan");
        }
        String key = text(document, "key");
        if (key == null || key.isBlank()) {
            throw new BadDocument("key is required");
        }
        Experiment experiment;
        AnalysisPlan plan;
        try {
            String layer = text(document, "layer");
            experiment = new Experiment(
                    key,
                    or(text(document, "salt"), key),
                    arms(document.get("arms")),
                    layer == null ? null : LayerRange.parse(layer));
            plan = plan(document.get("plan"));
        } catch (IllegalArgumentException e) {
            throw new BadDocument(e.getMessage());
        }
        RegisteredExperiment created =
                registry.create(experiment, or(text(document, "description"), ""), plan, actor(principal));
        return json(HttpStatus.CREATED, describe(created));
    }

    @PostMapping(path = "/{key}/start", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> start(@PathVariable String key, Principal principal) {
        requireKnown(key);
        return json(
                HttpStatus.OK,
                describe(registry.start(key, clock.instant().plus(DecisionWindow.SWITCH_LEAD), actor(principal))));
    }

    @PostMapping(path = "/{key}/stop", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> stop(@PathVariable String key, Principal principal) {
        requireKnown(key);
        return json(
                HttpStatus.OK,
                describe(registry.stop(key, clock.instant().plus(DecisionWindow.SWITCH_LEAD), actor(principal))));
    }

    @GetMapping(path = "/{key}/audit", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> audit(@PathVariable String key) {
        requireKnown(key);
        return json(HttpStatus.OK, AuditApi.entries(registry.audit(key)));
    }

    @ExceptionHandler(BadDocument.class)
    ResponseEntity<String> badDocument(BadDocument e) {
        return error(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(LifecycleViolation.class)
    ResponseEntity<String> conflict(LifecycleViolation e) {
        return error(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(NoSuchExperiment.class)
    ResponseEntity<String> unknown(NoSuchExperiment e) {
        return error(HttpStatus.NOT_FOUND, e.getMessage());
    }

    static final class NoSuchExperiment extends RuntimeException {
        NoSuchExperiment(String key) {
            super("no experiment '" + key + "'");
        }
    }

    private void requireKnown(String key) {
        if (registry.find(key).isEmpty()) {
            throw new NoSuchExperiment(key);
        }
    }

    static List<Arm> arms(JsonNode node) {
        if (node == null || node.isNull()) {
            return Experiment.batchVersusRealtime("default", "default").arms();
        }
        if (!node.isArray() || node.isEmpty()) {
            throw new IllegalArgumentException("arms must be a non-empty array of {\"arm\": NAME, \"weight\": N}");
        }
        List<Arm> arms = new ArrayList<>();
        for (JsonNode arm : node) {
            String name = text(arm, "arm");
            JsonNode weight = arm.get("weight");
            if (name == null || name.isBlank() || weight == null || !weight.canConvertToInt() || weight.asInt() < 1) {
                throw new IllegalArgumentException(
                        "each arm needs a name (\"arm\") and a whole weight of at least 1 (\"weight\"), was " + arm);
            }
            arms.add(Arm.named(name, weight.asInt()));
        }
        return arms;
    }

    static AnalysisPlan plan(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(
                    "plan is required: {\"primary_metric\": ..., \"attribution_window_hours\":"
                            + " ..., \"horizon_hours\": ..., \"alpha\": ..., \"minimum_detectable_effect\": ..., \"power\": ...}");
        }
        List<String> secondary = new ArrayList<>();
        JsonNode list = node.get("secondary_metrics");
        if (list != null && list.isArray()) {
            list.forEach(metric -> secondary.add(metric.asString()));
        }
        return new AnalysisPlan(
                or(text(node, "primary_metric"), "conversion"),
                secondary,
                Duration.ofHours(number(node, "attribution_window_hours", 168)),
                Duration.ofHours(number(node, "horizon_hours", 28 * 24)),
                real(node, "alpha", 0.05),
                real(node, "minimum_detectable_effect", 0.10),
                real(node, "power", 0.8));
    }

    private static long number(JsonNode node, String field, long otherwise) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return otherwise;
        }
        if (!value.canConvertToLong()) {
            throw new IllegalArgumentException(field + " must be a whole number, was " + value);
        }
        return value.asLong();
    }

    private static double real(JsonNode node, String field, double otherwise) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return otherwise;
        }
        if (!value.isNumber()) {
            throw new IllegalArgumentException(field + " must be a number, was " + value);
        }
        return value.asDouble();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static String or(String value, String otherwise) {
        return value == null ? otherwise : value;
    }

    static ObjectNode describe(RegisteredExperiment experiment) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("key", experiment.key());
        node.put("description", experiment.description());
        node.put("status", experiment.status().label());
        node.put("salt", experiment.experiment().salt());
        ArrayNode arms = node.putArray("arms");
        experiment
                .experiment()
                .arms()
                .forEach(arm -> arms.addObject().put("arm", arm.name()).put("weight", arm.weight()));
        if (experiment.experiment().layer() == null) {
            node.putNull("layer");
        } else {
            node.put("layer", experiment.experiment().layer().toString());
        }
        experiment
                .plan()
                .ifPresentOrElse(plan -> ReportJson.plan(node.putObject("plan"), plan), () -> node.putNull("plan"));
        node.put("created_at", text(experiment.createdAt()));
        node.put("started_at", text(experiment.startedAt()));
        node.put("planned_end", text(experiment.plannedEnd()));
        node.put("stopped_at", text(experiment.stoppedAt()));
        return node;
    }

    private static String text(java.time.Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
