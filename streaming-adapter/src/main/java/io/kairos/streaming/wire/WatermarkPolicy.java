package io.kairos.streaming.wire;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Which watermark records the activity topic admits. A watermark moves a whole partition's event time, firing every
 * timer due before it, so a deployment can refuse them (live traffic, where the wall-clock heartbeat moves time) or
 * admit only those signed with a shared secret: header {@value #SIGNATURE_HEADER} holding the lower-case hex
 * HMAC-SHA256 of the record value under that secret. Replaying a signed watermark is harmless: watermarks never move
 * backwards, and each is bounded against the wall clock like an event.
 *
 * @param accepted whether watermark records are admitted at all
 * @param secret the HMAC key they must be signed with; empty to admit them unsigned
 */
public record WatermarkPolicy(boolean accepted, String secret) {

    /** The header carrying a watermark's signature. */
    public static final String SIGNATURE_HEADER = "kairos-watermark-signature";

    private static final String ALGORITHM = "HmacSHA256";

    public WatermarkPolicy {
        Objects.requireNonNull(secret, "secret");
    }

    /** Unsigned watermark records admitted: the simulator's and the tests' setting. */
    public static WatermarkPolicy unsigned() {
        return new WatermarkPolicy(true, "");
    }

    /** Why a watermark record with this value and signature header (null when absent) is refused, if it is. */
    public Optional<String> refusal(byte[] value, byte[] signature) {
        if (!accepted) {
            return Optional.of("watermark records are not accepted here (kairos.streaming.accept-watermarks=false):"
                    + " in live mode the wall-clock heartbeat moves event time");
        }
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        if (signature == null) {
            return Optional.of("unsigned: watermark records need the header " + SIGNATURE_HEADER
                    + " (hex HMAC-SHA256 of the value under kairos.streaming.watermark-secret)");
        }
        byte[] expected = sign(value).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature)
                ? Optional.empty()
                : Optional.of("the " + SIGNATURE_HEADER + " header does not match the value's HMAC-SHA256");
    }

    /** The signature header value for a watermark record value, as a producer computes it. */
    public String sign(byte[] value) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return HexFormat.of().formatHex(mac.doFinal(value));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable in this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "WatermarkPolicy[accepted=" + accepted + ", signed=" + !secret.isEmpty() + "]";
    }
}
