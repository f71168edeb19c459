package io.kairos.domain.experiment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The published assignment hash, reproducible by any SDK.
 *
 * <ol>
 *   <li>Build the string {@code experimentKey + ":" + salt + ":" + userId} and encode it as UTF-8.
 *   <li>Compute SHA-256 of those bytes.
 *   <li>Read the first 8 bytes of the digest as an unsigned 64-bit big-endian integer (byte 0 most significant).
 *   <li>The bucket is that integer modulo 10000 (unsigned), a number in 0..9999.
 * </ol>
 *
 * Test vectors are in {@code docs/experiment-assignment.md}.
 */
public final class BucketHash {

    /** Number of buckets. */
    public static final int BUCKETS = 10_000;

    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    });

    private BucketHash() {}

    /** The bucket (0..9999) of a user in an experiment with a salt. */
    public static int bucket(String experimentKey, String salt, String userId) {
        byte[] digest =
                SHA_256.get().digest((experimentKey + ":" + salt + ":" + userId).getBytes(StandardCharsets.UTF_8));
        long prefix = 0;
        for (int i = 0; i < 8; i++) {
            prefix = (prefix << 8) | (digest[i] & 0xFF);
        }
        return (int) Long.remainderUnsigned(prefix, BUCKETS);
    }
}
