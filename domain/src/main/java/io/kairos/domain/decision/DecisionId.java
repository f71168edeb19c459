package io.kairos.domain.decision;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Deterministic decision ids: a name-based UUID (version 5, RFC 9562) in the {@link #NAMESPACE} namespace, over the
 * UTF-8 name {@code experimentKey + "\n" + campaignId + "\n" + userId + "\n" + triggerEventId}.
 *
 * <p>The same experiment, campaign, user and trigger always give the same id, in both modes and on every re-run, so
 * re-processing is idempotent and the batch and real-time views of one trigger share an id.
 */
public final class DecisionId {

    /** The namespace of Kairos decision ids. */
    public static final UUID NAMESPACE = UUID.fromString("0d5b6e8a-3c1f-5e7a-9b2d-4f6a8c0e1b3d");

    private static final ThreadLocal<MessageDigest> SHA_1 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-1", e);
        }
    });

    private static final byte[] NAMESPACE_BYTES = toBytes(NAMESPACE);
    private static final byte SEPARATOR = '\n';

    private DecisionId() {}

    /** The id of the decision for this experiment, campaign, user and trigger event. */
    public static UUID of(String experimentKey, String campaignId, String userId, UUID triggerEventId) {
        MessageDigest sha1 = SHA_1.get();
        sha1.update(NAMESPACE_BYTES);
        sha1.update(experimentKey.getBytes(StandardCharsets.UTF_8));
        sha1.update(SEPARATOR);
        sha1.update(campaignId.getBytes(StandardCharsets.UTF_8));
        sha1.update(SEPARATOR);
        sha1.update(userId.getBytes(StandardCharsets.UTF_8));
        sha1.update(SEPARATOR);
        sha1.update(triggerEventId.toString().getBytes(StandardCharsets.US_ASCII));
        return fromHash(sha1.digest());
    }

    /** A version-5 UUID of a name in the Kairos namespace. */
    static UUID nameBased(String name) {
        MessageDigest sha1 = SHA_1.get();
        sha1.update(NAMESPACE_BYTES);
        return fromHash(sha1.digest(name.getBytes(StandardCharsets.UTF_8)));
    }

    private static UUID fromHash(byte[] hash) {
        hash[6] = (byte) ((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte) ((hash[8] & 0x3F) | 0x80);
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (hash[i] & 0xFF);
            lsb = (lsb << 8) | (hash[i + 8] & 0xFF);
        }
        return new UUID(msb, lsb);
    }

    private static byte[] toBytes(UUID uuid) {
        byte[] bytes = new byte[16];
        long msb = uuid.getMostSignificantBits();
        long lsb = uuid.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (msb >>> (56 - 8 * i));
            bytes[i + 8] = (byte) (lsb >>> (56 - 8 * i));
        }
        return bytes;
    }
}
