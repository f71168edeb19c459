package io.kairos.delivery.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook request: {@code v1=} and the lower-case hex HMAC-SHA256, under the endpoint's secret, of
 * the timestamp header's value, a dot, and the exact body bytes. A receiver recomputes it, compares in constant time,
 * and refuses a timestamp outside its replay window (five minutes by default), so a captured request cannot be
 * replayed later and a forged one cannot be made without the secret.
 */
public final class WebhookSignature {

    /** Header with the signature, {@code v1=<hex>}. */
    public static final String SIGNATURE_HEADER = "Kairos-Signature";

    /** Header with the signing time, whole seconds since the epoch. */
    public static final String TIMESTAMP_HEADER = "Kairos-Timestamp";

    /** The replay window a receiver should allow by default. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private static final String VERSION = "v1=";

    private WebhookSignature() {}

    /** The signature header's value for {@code body} signed at {@code epochSeconds}. */
    public static String sign(String secret, long epochSeconds, byte[] body) {
        return VERSION + HexFormat.of().formatHex(mac(secret, epochSeconds, body));
    }

    /**
     * Whether a received request is authentic and fresh: the signature matches and the timestamp is within {@code
     * tolerance} of {@code now}. What a receiver runs; the platform's tests run it as receivers would.
     */
    public static boolean verify(
            String secret,
            String timestampHeader,
            String signatureHeader,
            byte[] body,
            Instant now,
            Duration tolerance) {
        if (timestampHeader == null || signatureHeader == null || !signatureHeader.startsWith(VERSION)) {
            return false;
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampHeader.trim());
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - timestamp) > tolerance.toSeconds()) {
            return false;
        }
        byte[] expected = mac(secret, timestamp, body);
        byte[] given;
        try {
            given = HexFormat.of()
                    .parseHex(signatureHeader.substring(VERSION.length()).trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(expected, given);
    }

    private static byte[] mac(String secret, long epochSeconds, byte[] body) {
        Objects.requireNonNull(secret, "secret");
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((epochSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
