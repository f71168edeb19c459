package io.kairos.report;

import java.util.List;
import java.util.OptionalDouble;

/**
 * One bar of an arm's processing-latency histogram: the decisions whose latency (wall clock, from the triggering
 * record's ingest time to the stored decision) lies in {@code [fromMillis, toMillis)}.
 *
 * @param fromMillis the bucket's lower bound, inclusive
 * @param toMillis the bucket's upper bound, exclusive; empty for the last, open bucket
 * @param decisions decisions in the bucket
 */
public record LatencyBucket(double fromMillis, OptionalDouble toMillis, long decisions) {

    /** The buckets' lower bounds after the first (which starts at 0), in milliseconds: 1-2-5 steps up to a minute. */
    public static final List<Double> BOUNDS =
            List.of(10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1_000.0, 2_000.0, 5_000.0, 10_000.0, 20_000.0, 60_000.0);

    /** The histogram's buckets from per-bucket counts, bucket 0 being {@code [0, BOUNDS[0])}. */
    static List<LatencyBucket> of(long[] counts) {
        LatencyBucket[] buckets = new LatencyBucket[BOUNDS.size() + 1];
        for (int i = 0; i < buckets.length; i++) {
            double from = i == 0 ? 0.0 : BOUNDS.get(i - 1);
            OptionalDouble to = i < BOUNDS.size() ? OptionalDouble.of(BOUNDS.get(i)) : OptionalDouble.empty();
            buckets[i] = new LatencyBucket(from, to, counts[i]);
        }
        return List.of(buckets);
    }
}
