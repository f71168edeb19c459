package io.kairos.delivery.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.kairos.delivery.send.SendOutcome;
import io.kairos.domain.delivery.Delivery;
import io.kairos.domain.event.Channel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook channel against a real HTTP server on loopback answering what the test asks. */
class WebhookSenderTest {

    static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    HttpServer server;
    final AtomicInteger status = new AtomicInteger(200);
    final AtomicInteger delayMillis = new AtomicInteger(0);
    final Map<String, String> headers = new ConcurrentHashMap<>();
    volatile byte[] body;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            body = exchange.getRequestBody().readAllBytes();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
            try {
                Thread.sleep(delayMillis.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] answer = ("status " + status.get()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    WebhookSender sender(Duration timeout) {
        return new WebhookSender(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook"),
                "s3cret",
                timeout,
                2,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static Delivery delivery() {
        UUID id = UUID.fromString("7d1f3a52-1111-4222-8333-944455556666");
        return new Delivery(
                id,
                Channel.EMAIL,
                "u1",
                "cart_abandonment",
                "exp",
                "realtime",
                "{\"decisionId\":\"" + id + "\"}",
                NOW,
                null,
                io.kairos.domain.delivery.DeliveryStatus.PENDING,
                3,
                NOW,
                null,
                null);
    }

    @Test
    void givenAReceiverAnswering200_whenSent_thenSentWithASignatureItCanVerifyAndTheIdempotencyKey() {
        assertThat(sender(Duration.ofSeconds(5)).send(delivery())).isInstanceOf(SendOutcome.Sent.class);

        assertThat(headers)
                .containsEntry("idempotency-key", "7d1f3a52-1111-4222-8333-944455556666")
                .containsEntry("kairos-attempt", "3")
                .containsEntry("kairos-timestamp", Long.toString(NOW.getEpochSecond()))
                .containsEntry("content-type", "application/json");
        assertThat(new String(body, StandardCharsets.UTF_8))
                .isEqualTo(delivery().message());
        assertThat(WebhookSignature.verify(
                        "s3cret",
                        headers.get("kairos-timestamp"),
                        headers.get("kairos-signature"),
                        body,
                        NOW,
                        WebhookSignature.DEFAULT_TOLERANCE))
                .isTrue();
    }

    @Test
    void givenServerErrorsAndThrottling_whenSent_thenRetriableWithTheStatus() {
        for (int code : new int[] {500, 502, 503, 408, 429}) {
            status.set(code);
            SendOutcome outcome = sender(Duration.ofSeconds(5)).send(delivery());
            assertThat(outcome).as("HTTP %d", code).isInstanceOf(SendOutcome.Retriable.class);
            assertThat(((SendOutcome.Retriable) outcome).error()).startsWith("HTTP " + code + ": status " + code);
        }
    }

    @Test
    void givenAClientError_whenSent_thenRefused() {
        status.set(400);
        SendOutcome outcome = sender(Duration.ofSeconds(5)).send(delivery());
        assertThat(outcome).isInstanceOf(SendOutcome.Refused.class);
        assertThat(((SendOutcome.Refused) outcome).error()).isEqualTo("HTTP 400: status 400");
    }

    @Test
    void givenASlowReceiverOrNoneAtAll_whenSent_thenRetriableNamingTheCause() {
        delayMillis.set(1_500);
        SendOutcome slow = sender(Duration.ofMillis(300)).send(delivery());
        assertThat(slow).isInstanceOf(SendOutcome.Retriable.class);
        assertThat(((SendOutcome.Retriable) slow).error()).contains("no answer within");

        WebhookSender nobody = sender(Duration.ofSeconds(2));
        server.stop(0);
        SendOutcome gone = nobody.send(delivery());
        assertThat(gone).isInstanceOf(SendOutcome.Retriable.class);
        assertThat(((SendOutcome.Retriable) gone).error()).startsWith("connection failed");
        start0();
    }

    private void start0() {
        try {
            start();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
