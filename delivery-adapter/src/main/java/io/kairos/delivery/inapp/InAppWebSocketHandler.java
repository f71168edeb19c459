package io.kairos.delivery.inapp;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/v1/inbox?user=ID[&userHash=HASH]} upgraded to a WebSocket: the in-app channel's client end. The
 * handshake checks the user id (1 to 128 characters, no control characters) and, when identity verification is
 * configured, its hash ({@link UserIdentity}), answering 400 or 403 with a sentence otherwise. Then the server sends
 * one text frame per message, {@code {"type":"message","message":{...the decisions-topic message...}}}, which the
 * client acknowledges with {@code {"type":"ack","decisionId":"..."}} (the message is sent only then); it answers a
 * client's {@code ping} with {@code pong}, and any other frame with {@code {"type":"error","error":"..."}}.
 */
public final class InAppWebSocketHandler extends TextWebSocketHandler implements HandshakeInterceptor {

    /** Where the in-app channel listens. */
    public static final String PATH = "/api/v1/inbox";

    private static final Logger log = LoggerFactory.getLogger(InAppWebSocketHandler.class);
    private static final String USER = "kairos.user";
    private static final String CONNECTION = "kairos.connection";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final InAppHub hub;
    private final UserIdentity identity;

    public InAppWebSocketHandler(InAppHub hub, UserIdentity identity) {
        this.hub = Objects.requireNonNull(hub, "hub");
        this.identity = Objects.requireNonNull(identity, "identity");
    }

    @Override
    public boolean beforeHandshake(
            ServerHttpRequest request,
            ServerHttpResponse response,
            WebSocketHandler handler,
            Map<String, Object> attributes)
            throws IOException {
        URI uri = request.getURI();
        Map<String, String> query =
                UriComponentsBuilder.fromUri(uri).build(true).getQueryParams().toSingleValueMap();
        String user = decode(query.get("user"));
        if (user == null
                || user.isEmpty()
                || user.length() > 128
                || user.chars().anyMatch(Character::isISOControl)) {
            return refuse(response, HttpStatus.BAD_REQUEST, "name the user: ?user=ID, 1 to 128 characters");
        }
        if (!identity.verifies(user, decode(query.get("userHash")))) {
            return refuse(
                    response,
                    HttpStatus.FORBIDDEN,
                    "this server verifies identities: pass userHash, the hex HMAC-SHA256 of the user id under"
                            + " kairos.delivery.in-app.identity-secret, computed by your backend");
        }
        attributes.put(USER, user);
        return true;
    }

    @Override
    public void afterHandshake(
            ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler, Exception exception) {}

    private static String decode(String value) {
        return value == null ? null : java.net.URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    private static boolean refuse(ServerHttpResponse response, HttpStatus status, String message) throws IOException {
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        String json = "{\"error\":\"" + message.replace("\"", "'") + "\"}";
        response.getBody().write(json.getBytes(StandardCharsets.UTF_8));
        return false;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        String user = (String) session.getAttributes().get(USER);
        WebSocketSession concurrent = new ConcurrentWebSocketSessionDecorator(session, 5_000, 512 * 1024);
        InAppHub.Connection connection = text -> {
            if (!concurrent.isOpen()) {
                return false;
            }
            try {
                concurrent.sendMessage(new TextMessage(text));
                return true;
            } catch (IOException | RuntimeException e) {
                log.debug("in-app: sending to {} failed", user, e);
                return false;
            }
        };
        session.getAttributes().put(CONNECTION, connection);
        hub.connect(user, connection);
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        if (!(session.getAttributes().get(CONNECTION) instanceof InAppHub.Connection connection)) {
            return;
        }
        String text = message.getPayload();
        if ("ping".equals(text)) {
            connection.send("pong");
            return;
        }
        Optional<UUID> acknowledged = acknowledgedDecision(text);
        if (acknowledged.isPresent()) {
            try {
                hub.acknowledge((String) session.getAttributes().get(USER), acknowledged.get());
            } catch (RuntimeException e) {
                // the connection stays open; the message stays pending and is written again after its lease
                log.warn(
                        "in-app: the acknowledgement of {} could not be recorded ({}); it is written again",
                        acknowledged.get(),
                        e.toString());
            }
        } else {
            connection.send("{\"type\":\"error\",\"error\":\"a client sends ping or {'type':'ack','decisionId':"
                    + "'the id of a message received'}\"}");
        }
    }

    /** The decision id of an acknowledgement frame, {@code {"type":"ack","decisionId":"…"}}; empty for any other. */
    static Optional<UUID> acknowledgedDecision(String text) {
        try {
            JsonNode frame = JSON.readTree(text);
            if (frame.isObject()
                    && "ack".equals(frame.path("type").asString(""))
                    && frame.path("decisionId").isString()) {
                return Optional.of(UUID.fromString(frame.path("decisionId").asString()));
            }
        } catch (JacksonException | IllegalArgumentException e) {
            log.debug("in-app: an unreadable client frame", e);
        }
        return Optional.empty();
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        Object user = session.getAttributes().get(USER);
        Object connection = session.getAttributes().get(CONNECTION);
        if (user instanceof String u && connection instanceof InAppHub.Connection c) {
            hub.disconnect(u, c);
        }
    }
}
