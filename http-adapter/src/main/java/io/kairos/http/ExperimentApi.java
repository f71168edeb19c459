package io.kairos.http;

import io.kairos.domain.port.out.ExperimentStore;
import io.kairos.report.ExperimentCatalog;
import io.kairos.report.PlannedReports;
import io.kairos.report.UnknownExperiment;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON API of {@code kairos serve}: the experiments, one experiment's report (the JSON of {@code report --json})
 * and its per-user outcomes as CSV. Bad parameters get HTTP 400 and unknown experiments 404, each with a JSON body
 * {@code {"error": "..."}}.
 */
@RestController
@RequestMapping("/api/experiments")
public final class ExperimentApi {

    /** The longest attribution window the API accepts, in days. */
    static final int MAX_ATTRIBUTION_DAYS = 365;

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final ExperimentCatalog catalog;
    private final ExperimentStore experiments;
    private final ReportCache reports;
    private final PlannedReports outcomes;

    public ExperimentApi(
            ExperimentCatalog catalog, ExperimentStore experiments, ReportCache reports, PlannedReports outcomes) {
        this.catalog = catalog;
        this.experiments = experiments;
        this.reports = reports;
        this.outcomes = outcomes;
    }

    /** Thrown for a request parameter out of range or of the wrong type; its message is the response's. */
    static final class BadParameter extends RuntimeException {
        BadParameter(String message) {
            super(message);
        }
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> experiments() {
        ArrayNode list = MAPPER.createArrayNode();
        for (ExperimentCatalog.Entry entry : catalog.list()) {
            ObjectNode node = list.addObject();
            node.put("key", entry.key());
            node.put("description", entry.description());
            ArrayNode arms = node.putArray("arms");
            entry.weights()
                    .forEach((arm, weight) -> arms.addObject().put("arm", arm).put("weight", weight));
        }
        return json(HttpStatus.OK, MAPPER.writeValueAsString(list));
    }

    @GetMapping(path = "/{key}/report", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> report(@PathVariable String key, @RequestParam(required = false) String attributionDays) {
        return json(HttpStatus.OK, reports.report(key, attributionDays == null ? null : days(attributionDays)));
    }

    @GetMapping(path = "/{key}/outcomes.csv")
    void outcomes(
            @PathVariable String key,
            @RequestParam(required = false) String attributionDays,
            HttpServletResponse response)
            throws IOException {
        Integer days = attributionDays == null ? null : days(attributionDays);
        if (experiments.find(key).isEmpty()) {
            throw new UnknownExperiment(key);
        }
        response.setStatus(HttpStatus.OK.value());
        response.setContentType("text/csv");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader(
                HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName(key) + "-outcomes.csv\"");
        Writer out = response.getWriter();
        outcomes.writeOutcomes(key, days == null ? null : Duration.ofDays(days), out);
        out.flush();
    }

    @ExceptionHandler(BadParameter.class)
    ResponseEntity<String> badParameter(BadParameter e) {
        return error(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(UnknownExperiment.class)
    ResponseEntity<String> unknownExperiment(UnknownExperiment e) {
        return error(HttpStatus.NOT_FOUND, e.getMessage());
    }

    static int days(String value) {
        String problem = "attributionDays must be a whole number of days from 1 to " + MAX_ATTRIBUTION_DAYS + ", was '"
                + value + "'";
        int days;
        try {
            days = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new BadParameter(problem);
        }
        if (days < 1 || days > MAX_ATTRIBUTION_DAYS) {
            throw new BadParameter(problem);
        }
        return days;
    }

    private static String fileName(String key) {
        return key.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static ResponseEntity<String> error(HttpStatus status, String message) {
        return json(status, MAPPER.writeValueAsString(MAPPER.createObjectNode().put("error", message)));
    }

    private static ResponseEntity<String> json(HttpStatus status, String body) {
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .body(body);
    }
}
