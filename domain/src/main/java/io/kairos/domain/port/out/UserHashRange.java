package io.kairos.domain.port.out;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * A range {@code [from, to)} of user-hash buckets: the users one partition of the nightly job reads from the
 * {@link EventArchive}. A user's bucket is a stable function of the id alone, so a restarted partition owns exactly
 * the users it owned before.
 *
 * <p>The bucket is the first 10 bits of the MD5 digest of the id's UTF-8 bytes, a number in {@code [0, 1024)}: in
 * PostgreSQL (UTF-8 database) {@code ('x' || substr(md5(user_id), 1, 3))::bit(12)::int >> 2}, which the archive
 * stores with every event so that a partition reads only its own rows. MD5 serves here as a well-spread hash every
 * language and database has, not for security.
 */
public record UserHashRange(int from, int to) {

    /** How many buckets the user ids hash into. */
    public static final int BUCKETS = 1024;

    /** Every bucket. */
    public static final UserHashRange ALL = new UserHashRange(0, BUCKETS);

    public UserHashRange {
        if (from < 0 || to > BUCKETS || from >= to) {
            throw new IllegalArgumentException(
                    "not a bucket range in [0, " + BUCKETS + "): [" + from + ", " + to + ")");
        }
    }

    /** Whether the user falls into this range. */
    public boolean contains(String userId) {
        int bucket = bucketOf(userId);
        return bucket >= from && bucket < to;
    }

    /** Whether this range holds every bucket. */
    public boolean isAll() {
        return from == 0 && to == BUCKETS;
    }

    /** The user's bucket: the first 10 bits of MD5 over the id's UTF-8 bytes. */
    public static int bucketOf(String userId) {
        byte[] digest = md5().digest(userId.getBytes(StandardCharsets.UTF_8));
        return ((digest[0] & 0xff) << 2) | ((digest[1] & 0xff) >>> 6);
    }

    /** {@code count} adjacent ranges covering every bucket, as even as integer division allows. */
    public static List<UserHashRange> split(int count) {
        if (count < 1 || count > BUCKETS) {
            throw new IllegalArgumentException("partitions must be between 1 and " + BUCKETS + ": " + count);
        }
        return ALL.divide(count);
    }

    /**
     * {@code count} adjacent ranges covering this one, in ascending order, as even as integer division allows; fewer
     * when this range holds fewer buckets than that.
     */
    public List<UserHashRange> divide(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a range divides into at least one part: " + count);
        }
        int width = to - from;
        int parts = Math.min(count, width);
        List<UserHashRange> ranges = new ArrayList<>(parts);
        for (int i = 0; i < parts; i++) {
            ranges.add(new UserHashRange(from + i * width / parts, from + (i + 1) * width / parts));
        }
        return ranges;
    }

    /**
     * The order in which {@link EventArchive#readByUser} hands out users: by bucket, then by id ({@link
     * String#compareTo}). Negative, zero or positive as {@code a} comes before, with or after {@code b}.
     */
    public static int compareUsers(String a, String b) {
        int byBucket = Integer.compare(bucketOf(a), bucketOf(b));
        return byBucket != 0 ? byBucket : a.compareTo(b);
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides MD5", e);
        }
    }
}
