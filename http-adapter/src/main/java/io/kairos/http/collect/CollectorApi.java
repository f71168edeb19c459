package io.kairos.http.collect;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.kairos.domain.port.in.EventCollector;
import io.kairos.domain.port.in.EventCollector.Collected;
import io.kairos.domain.port.in.EventCollector.Collection;
import io.kairos.domain.port.in.EventCollector.EventResult;
import io.kairos.domain.port.in.EventCollector.Malformed;
import io.kairos.domain.port.in.EventCollector.TooMany;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /api/v1/events}: one event, an array of events or {@code {"events": [...]}} in the wire format of the
 * activity topic. The body is read raw (the collector parses it strictly itself) and must be {@code application/json}
 * or {@code text/plain} (what {@code navigator.sendBeacon} sends without a preflight), else 415; above the size limit
 * 413; over the rate limit 429 with Retry-After. Then the answer is the collector's, per event: 202 when at least one
 * event was stored and none is waiting for the log; 503 with Retry-After when any valid event could not be stored (the
 * sender posts the body again: the eventIds make that safe); 400 when every event was refused, each with its reason
 * and detail; 400 for a body that is not events at all; 413 for more events than a request may hold.
 */
@RestController
public final class CollectorApi {

    /** Where the collector listens. */
    public static final String PATH = "/api/v1/events";

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final EventCollector collector;
    private final CollectorLimits limits;
    private final RateLimiter rateLimiter;
    private final Clock clock;

    public CollectorApi(EventCollector collector, CollectorLimits limits, Clock clock) {
        this.collector = Objects.requireNonNull(collector, "collector");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.rateLimiter = RateLimiter.of(
                "collector",
                RateLimiterConfig.custom()
                        .limitForPeriod(limits.requestsPerSecond())
                        .limitRefreshPeriod(Duration.ofSeconds(1))
                        .timeoutDuration(Duration.ZERO)
                        .build());
    }

    @PostMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> collect(HttpServletRequest request) throws IOException {
        Instant receivedAt = clock.instant();
        String contentType = request.getContentType();
        if (!acceptable(contentType)) {
            return error(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "unsupported-media-type",
                    "send the events as application/json (or text/plain, as navigator.sendBeacon does), not "
                            + (contentType == null ? "a body without Content-Type" : contentType));
        }
        long declared = request.getContentLengthLong();
        if (declared > limits.maxBodyBytes()) {
            return tooLarge(declared);
        }
        if (!rateLimiter.acquirePermission()) {
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                    .header(HttpHeaders.RETRY_AFTER, Long.toString(limits.retryAfterSeconds()))
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(errorBody(
                            "rate-limited",
                            "this collector takes at most " + limits.requestsPerSecond()
                                    + " requests a second; send again after the Retry-After seconds"));
        }
        byte[] body = read(request.getInputStream());
        if (body == null) {
            return tooLarge(-1);
        }
        return answer(collector.collect(body, receivedAt));
    }

    private ResponseEntity<String> answer(Collection collection) {
        if (collection instanceof Malformed malformed) {
            return error(HttpStatus.BAD_REQUEST, malformed.reason(), malformed.detail());
        }
        if (collection instanceof TooMany tooMany) {
            return error(
                    HttpStatus.CONTENT_TOO_LARGE,
                    "too-many-events",
                    "the body holds " + tooMany.count() + " events; send at most " + tooMany.limit()
                            + " in one request");
        }
        Collected collected = (Collected) collection;
        ObjectNode node = MAPPER.createObjectNode();
        node.put("accepted", collected.accepted());
        node.put("rejected", collected.rejected());
        node.put("unavailable", collected.unavailable());
        ArrayNode results = node.putArray("results");
        for (EventResult result : collected.results()) {
            ObjectNode entry = results.addObject();
            entry.put("index", result.index());
            if (result.eventId() == null) {
                entry.putNull("eventId");
            } else {
                entry.put("eventId", result.eventId());
            }
            entry.put("status", result.status().name().toLowerCase(Locale.ROOT));
            if (result.reason() != null) {
                entry.put("reason", result.reason());
            }
            if (result.detail() != null) {
                entry.put("detail", result.detail());
            }
        }
        String json = MAPPER.writeValueAsString(node);
        if (collected.unavailable() > 0) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, Long.toString(limits.retryAfterSeconds()))
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(json);
        }
        HttpStatus status = collected.accepted() > 0 ? HttpStatus.ACCEPTED : HttpStatus.BAD_REQUEST;
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .body(json);
    }

    private ResponseEntity<String> tooLarge(long declared) {
        return error(
                HttpStatus.CONTENT_TOO_LARGE,
                "body-too-large",
                "the body " + (declared < 0 ? "is larger than " : "of " + declared + " bytes is larger than ")
                        + limits.maxBodyBytes() + " bytes; send fewer events in one request");
    }

    /** The body, or null when it is larger than the limit (read no further than one byte past it). */
    private byte[] read(InputStream in) throws IOException {
        byte[] body = in.readNBytes(limits.maxBodyBytes() + 1);
        return body.length > limits.maxBodyBytes() ? null : body;
    }

    private static boolean acceptable(String contentType) {
        if (contentType == null) {
            return false;
        }
        MediaType type;
        try {
            type = MediaType.parseMediaType(contentType);
        } catch (IllegalArgumentException e) {
            return false;
        }
        String charset = type.getParameter("charset");
        if (charset != null && !charset.replace("\"", "").equalsIgnoreCase("utf-8")) {
            return false;
        }
        return type.equalsTypeAndSubtype(MediaType.APPLICATION_JSON) || type.equalsTypeAndSubtype(MediaType.TEXT_PLAIN);
    }

    private static ResponseEntity<String> error(HttpStatus status, String reason, String message) {
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .body(errorBody(reason, message));
    }

    private static String errorBody(String reason, String message) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("error", message);
        node.put("reason", reason);
        return MAPPER.writeValueAsString(node);
    }
}
