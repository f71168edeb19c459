package io.kairos.delivery.webhook;

import io.kairos.delivery.send.ChannelSender;
import io.kairos.delivery.send.SendOutcome;
import io.kairos.domain.delivery.Delivery;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The webhook channel: one POST per message to a provider's endpoint (an email, SMS or push service, or the
 * customer's own relay), the decisions-topic message as the JSON body, signed ({@link WebhookSignature}), with the
 * decision id as {@code Idempotency-Key} so that a message sent twice (a retry after a lost answer, a sender killed
 * between the send and the log) is recognised by the receiver. 2xx is sent; 408, 429, 5xx, a timeout or a lost
 * connection may be tried again; any other status is a refusal.
 */
public final class WebhookSender implements ChannelSender {

    /** The idempotency key header, the decision id. */
    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

    /** The attempt number header, 1 for the first. */
    public static final String ATTEMPT_HEADER = "Kairos-Attempt";

    private final URI url;
    private final String secret;
    private final Duration timeout;
    private final int concurrency;
    private final HttpClient http;
    private final Clock clock;

    public WebhookSender(URI url, String secret, Duration timeout, int concurrency, Clock clock) {
        this.url = Objects.requireNonNull(url, "url");
        if (!"https".equals(url.getScheme()) && !"http".equals(url.getScheme())) {
            throw new IllegalArgumentException("a webhook URL is http or https, was " + url);
        }
        this.secret = Objects.requireNonNull(secret, "secret");
        if (secret.isBlank()) {
            throw new IllegalArgumentException("a webhook needs a signing secret");
        }
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (concurrency < 1) {
            throw new IllegalArgumentException("a webhook's concurrency is at least 1, was " + concurrency);
        }
        this.concurrency = concurrency;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public SendOutcome send(Delivery delivery) {
        byte[] body = delivery.message().getBytes(StandardCharsets.UTF_8);
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header(IDEMPOTENCY_HEADER, delivery.decisionId().toString())
                .header(ATTEMPT_HEADER, Integer.toString(Math.max(1, delivery.attempts())))
                .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new SendOutcome.Sent();
            }
            String error = "HTTP " + status + excerpt(response.body());
            if (status == 408 || status == 429 || status >= 500) {
                return new SendOutcome.Retriable(error);
            }
            return new SendOutcome.Refused(error);
        } catch (HttpTimeoutException e) {
            return new SendOutcome.Retriable("no answer within " + timeout);
        } catch (IOException e) {
            return new SendOutcome.Retriable("connection failed: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SendOutcome.Retriable("interrupted while sending");
        }
    }

    private static String excerpt(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String flat = body.replaceAll("\\s+", " ").trim();
        return ": " + (flat.length() > 200 ? flat.substring(0, 200) + "…" : flat);
    }

    @Override
    public String endpoint() {
        return url.getScheme() + "://" + url.getAuthority();
    }

    @Override
    public int concurrency() {
        return concurrency;
    }
}
