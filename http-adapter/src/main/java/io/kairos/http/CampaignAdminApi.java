package io.kairos.http;

import static io.kairos.http.JsonAnswers.actor;
import static io.kairos.http.JsonAnswers.error;
import static io.kairos.http.JsonAnswers.json;

import io.kairos.domain.campaign.CampaignCatalog;
import io.kairos.domain.campaign.CampaignFile;
import io.kairos.domain.campaign.CampaignHistory;
import io.kairos.domain.campaign.CampaignPublication;
import io.kairos.domain.campaign.CampaignVersion;
import io.kairos.domain.campaign.DefinitionProblem;
import io.kairos.domain.campaign.InvalidCampaignDefinition;
import io.kairos.domain.port.out.CampaignVersionStore;
import io.kairos.domain.port.out.ExperimentRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The campaign set as versioned documents over HTTP, the API of {@code kairos campaigns}: validate a document,
 * publish it as the next version (admin role), list the versions, read one, compare two and read the trail of
 * publications (read role). Documents travel as {@code text/plain}; answers are JSON except a document and a diff.
 * Refusals are the CLI's: 400 with every problem of an invalid document, 409 for a publication a rule forbids, 404 for
 * an unknown version.
 */
@RestController
@RequestMapping("/api/campaigns")
public final class CampaignAdminApi {

    /** The largest campaign document accepted, in bytes: far above any real campaign set. */
    static final int MAX_DOCUMENT_BYTES = 1_000_000;

    private static final JsonMapper MAPPER = JsonAnswers.MAPPER;

    private final CampaignVersionStore versions;
    private final ExperimentRegistry registry;
    private final Clock clock;

    public CampaignAdminApi(CampaignVersionStore versions, ExperimentRegistry registry, Clock clock) {
        this.versions = Objects.requireNonNull(versions, "versions");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A request that cannot be answered as asked; the message says why. */
    static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }

    /**
     * A document sent as something other than text: a form post in particular, whose body Spring would rebuild from
     * decoded parameters, changing the document.
     */
    static final class NotText extends RuntimeException {
        NotText(String contentType) {
            super("send the campaign document as text/plain, e.g. curl -H 'Content-Type: text/plain'"
                    + " --data-binary @campaigns.kairos (was " + contentType + ")");
        }
    }

    /** A version number no published version has. */
    static final class NoSuchVersion extends RuntimeException {
        NoSuchVersion(int version) {
            super("no campaign version " + version + " (GET /api/campaigns/versions lists them)");
        }
    }

    /** Checks a document without storing it: {@code valid} with its counts and SHA-256, or every problem. */
    @PostMapping(path = "/validate", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> validate(HttpServletRequest request) throws IOException {
        String text = document(request);
        ObjectNode body = MAPPER.createObjectNode();
        try {
            CampaignCatalog catalog = CampaignFile.parse(text);
            body.put("valid", true);
            body.put("campaigns", catalog.campaigns().size());
            body.put("segments", catalog.segments().all().size());
            body.put("sha256", CampaignVersion.sha256(text));
        } catch (InvalidCampaignDefinition e) {
            body.put("valid", false);
            problems(body, e.problems());
        }
        return json(HttpStatus.OK, body);
    }

    /**
     * Publishes a document as the next version, in force at {@code effective_at} (ISO instant, event time) or
     * {@code lead_seconds} after now (default 360); the author is the authenticated key or token.
     */
    @PostMapping(path = "/versions", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> publish(HttpServletRequest request, Principal principal, UriComponentsBuilder uri)
            throws IOException {
        String text = document(request);
        Map<String, String> query = query(request.getQueryString());
        String effectiveAt = query.get("effective_at");
        String leadSeconds = query.get("lead_seconds");
        Instant effective = null;
        if (effectiveAt != null) {
            try {
                effective = Instant.parse(effectiveAt);
            } catch (DateTimeParseException e) {
                throw new BadRequest(
                        "effective_at '" + effectiveAt + "' is not an ISO instant such as 2026-12-08T00:00:00Z");
            }
        }
        Duration lead = CampaignPublication.DEFAULT_LEAD;
        if (leadSeconds != null) {
            try {
                lead = Duration.ofSeconds(Long.parseLong(leadSeconds));
            } catch (NumberFormatException e) {
                throw new BadRequest("lead_seconds must be a whole number of seconds, was '" + leadSeconds + "'");
            }
            if (lead.isNegative()) {
                throw new BadRequest("lead_seconds must not be negative, was " + leadSeconds);
            }
        }
        CampaignVersion published = versions.publish(text, actor(principal), clock.instant(), effective, lead);
        return ResponseEntity.created(uri.path("/api/campaigns/versions/{version}")
                        .buildAndExpand(published.number())
                        .toUri())
                .contentType(MediaType.APPLICATION_JSON)
                .body(MAPPER.writeValueAsString(describe(
                        published,
                        // the latest version: scheduled, or in force when it takes effect at once
                        new CampaignHistory(List.of(published))
                                .stateOf(0, clock.instant())
                                .label())));
    }

    /** Every published version, oldest first, with its state now. */
    @GetMapping(path = "/versions", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> history() {
        CampaignHistory history = new CampaignHistory(versions.history());
        Instant now = clock.instant();
        ArrayNode list = MAPPER.createArrayNode();
        for (int i = 0; i < history.versions().size(); i++) {
            list.add(describe(history.versions().get(i), history.stateOf(i, now).label()));
        }
        return json(HttpStatus.OK, list);
    }

    /** One version's details and document. */
    @GetMapping(path = "/versions/{version}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> show(@PathVariable String version) {
        int number = number(version);
        CampaignHistory history = new CampaignHistory(versions.history());
        for (int i = 0; i < history.versions().size(); i++) {
            CampaignVersion found = history.versions().get(i);
            if (found.number() == number) {
                ObjectNode body =
                        describe(found, history.stateOf(i, clock.instant()).label());
                body.put("document", found.document());
                return json(HttpStatus.OK, body);
            }
        }
        throw new NoSuchVersion(number);
    }

    /** One version's document as it was published, for saving to a file. */
    @GetMapping(path = "/versions/{version}/document", produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<String> document(@PathVariable String version) {
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
                .body(find(version).document());
    }

    /** The unified diff from version {@code from} to version {@code to}; empty when identical. */
    @GetMapping(path = "/diff", produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<String> diff(
            @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        if (from == null || to == null) {
            throw new BadRequest("give both versions: /api/campaigns/diff?from=1&to=2");
        }
        List<String> lines = CampaignHistory.unifiedDiff(find(from), find(to));
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line).append('\n'));
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
                .body(text.toString());
    }

    /** The trail of publications ({@code campaign.publish}), oldest first. */
    @GetMapping(path = "/audit", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> audit() {
        return json(HttpStatus.OK, AuditApi.entries(registry.campaignAudit()));
    }

    @ExceptionHandler(InvalidCampaignDefinition.class)
    ResponseEntity<String> invalid(InvalidCampaignDefinition e) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put(
                "error",
                "the campaign document is not valid, " + e.problems().size()
                        + (e.problems().size() == 1 ? " problem" : " problems"));
        problems(body, e.problems());
        return json(HttpStatus.BAD_REQUEST, body);
    }

    @ExceptionHandler(CampaignPublication.Refused.class)
    ResponseEntity<String> refused(CampaignPublication.Refused e) {
        return error(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(BadRequest.class)
    ResponseEntity<String> badRequest(BadRequest e) {
        return error(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(NoSuchVersion.class)
    ResponseEntity<String> unknown(NoSuchVersion e) {
        return error(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(NotText.class)
    ResponseEntity<String> notText(NotText e) {
        return error(HttpStatus.UNSUPPORTED_MEDIA_TYPE, e.getMessage());
    }

    private CampaignVersion find(String version) {
        int number = number(version);
        return versions.find(number).orElseThrow(() -> new NoSuchVersion(number));
    }

    /** A published version's number from the path or query, refused with a sentence when it cannot be one. */
    private static int number(String version) {
        int number;
        try {
            number = Integer.parseInt(version);
        } catch (NumberFormatException e) {
            throw new BadRequest("'" + version + "' is not a version number");
        }
        if (number < 1) {
            throw new BadRequest("published versions are numbered from 1; version 0 is the configured campaign"
                    + " file, which is not stored");
        }
        return number;
    }

    /**
     * The request's body as a campaign document, read here rather than by Spring: a form post's body would be parsed
     * as parameters (and refused, or rebuilt from decoded ones) before any check could say what to send instead.
     */
    private static String document(HttpServletRequest request) throws IOException {
        String contentType = request.getContentType();
        if (contentType != null) {
            MediaType type;
            try {
                type = MediaType.parseMediaType(contentType);
            } catch (InvalidMediaTypeException e) {
                throw new NotText(contentType);
            }
            if (!type.getType().equals("text") && !type.equalsTypeAndSubtype(MediaType.APPLICATION_OCTET_STREAM)) {
                throw new NotText(contentType);
            }
        }
        byte[] bytes = request.getInputStream().readNBytes(MAX_DOCUMENT_BYTES + 1);
        if (bytes.length > MAX_DOCUMENT_BYTES) {
            throw new BadRequest("the campaign document is larger than the " + MAX_DOCUMENT_BYTES + " bytes accepted");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new BadRequest("the campaign document is not UTF-8 text; send it as UTF-8");
        }
        if (text.isBlank()) {
            throw new BadRequest("the body is empty: send the campaign document as text/plain");
        }
        return text;
    }

    /** The decoded parameters of a query string; the last value of a repeated name wins. */
    private static Map<String, String> query(String queryString) {
        Map<String, String> parameters = new HashMap<>();
        if (queryString == null || queryString.isEmpty()) {
            return parameters;
        }
        for (String pair : queryString.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            try {
                parameters.put(
                        URLDecoder.decode(name, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new BadRequest("the query parameter '" + pair + "' is not URL-encoded");
            }
        }
        return parameters;
    }

    private static void problems(ObjectNode body, List<DefinitionProblem> problems) {
        ArrayNode list = body.putArray("problems");
        for (DefinitionProblem problem : problems) {
            list.addObject()
                    .put("line", problem.line())
                    .put("column", problem.column())
                    .put("definition", problem.definition())
                    .put("field", problem.field())
                    .put("reason", problem.reason())
                    .put("message", problem.toString());
        }
    }

    private static ObjectNode describe(CampaignVersion version, String state) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("version", version.number());
        node.put("author", version.author());
        node.put("published_at", version.publishedAt().toString());
        node.put("effective_at", version.effectiveAt().toString());
        node.put("state", state);
        node.put("sha256", version.sha256());
        node.put("campaigns", version.catalog().campaigns().size());
        return node;
    }
}
