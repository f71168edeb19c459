package io.kairos.delivery.inapp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Identity verification of an in-app client: with a secret configured, a browser may subscribe to a user's
 * messages only with that user's hash, the lower-case hex HMAC-SHA256 of the user id under the secret, which the
 * site's own backend computes for its signed-in user and hands to the page (as Intercom's and Segment's "user hash"
 * work). Without a secret anyone holding the publishable ingest key could read any user's in-app messages.
 */
public final class UserIdentity {

    private final byte[] secret;

    /** @param secret the verification secret, or null or blank for none (any user id is accepted) */
    public UserIdentity(String secret) {
        this.secret = secret == null || secret.isBlank() ? null : secret.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether a hash is required. */
    public boolean required() {
        return secret != null;
    }

    /** The hash of {@code userId}. */
    public String hash(String userId) {
        if (secret == null) {
            throw new IllegalStateException("no identity secret is configured");
        }
        return HexFormat.of().formatHex(mac(userId));
    }

    /** Whether {@code hash} proves {@code userId}; always true without a secret. */
    public boolean verifies(String userId, String hash) {
        if (secret == null) {
            return true;
        }
        if (hash == null) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(hash.trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(mac(userId), given);
    }

    private byte[] mac(String userId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(userId.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
