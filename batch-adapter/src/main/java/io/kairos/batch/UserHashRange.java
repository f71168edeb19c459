package io.kairos.batch;

/**
 * A range {@code [from, to)} of user-hash buckets: one partition of the nightly job. A user's bucket is a stable
 * function of the id alone, so a restarted partition owns exactly the users it owned before.
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

    /** The user's bucket: String.hashCode (specified by the JDK, so stable everywhere) mixed with MurmurHash3's finaliser. */
    public static int bucketOf(String userId) {
        int h = userId.hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return Math.floorMod(h, BUCKETS);
    }

    /** {@code count} adjacent ranges covering every bucket, as even as integer division allows. */
    public static java.util.List<UserHashRange> split(int count) {
        if (count < 1 || count > BUCKETS) {
            throw new IllegalArgumentException("partitions must be between 1 and " + BUCKETS + ": " + count);
        }
        java.util.List<UserHashRange> ranges = new java.util.ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ranges.add(new UserHashRange(i * BUCKETS / count, (i + 1) * BUCKETS / count));
        }
        return ranges;
    }
}
