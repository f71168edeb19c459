package io.kairos.domain.experiment;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An experiment's share of a layer: experiments in one layer take disjoint ranges of the layer's buckets, so no user
 * is in two of them (mutually exclusive); experiments in different layers, or in none, overlap and stay independent
 * through their own salts. A user's layer bucket is {@link BucketHash#bucket BucketHash.bucket("layer", layer,
 * userId)}, the hash of {@code "layer:" + layer + ":" + userId} (see {@code docs/experiment-assignment.md}).
 *
 * @param layer the layer's name
 * @param from the first layer bucket of the range, 0..9999
 * @param to the bucket after the range's last, 1..10000
 */
public record LayerRange(String layer, int from, int to) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    public LayerRange {
        Objects.requireNonNull(layer, "layer");
        if (!NAME.matcher(layer).matches()) {
            throw new IllegalArgumentException("layer name '" + layer
                    + "' must be 1 to 64 lower-case letters, digits, '-' or '_', starting with a letter or digit");
        }
        if (from < 0 || to > BucketHash.BUCKETS || from >= to) {
            throw new IllegalArgumentException("layer range " + from + "-" + to + " must satisfy 0 <= from < to <= "
                    + BucketHash.BUCKETS + " (to is exclusive)");
        }
    }

    /** Parses {@code name:from-to}, e.g. {@code checkout:0-5000}. */
    public static LayerRange parse(String text) {
        int colon = text.lastIndexOf(':');
        int dash = text.lastIndexOf('-');
        if (colon <= 0 || dash < colon) {
            throw new IllegalArgumentException("layer '" + text
                    + "' must read NAME:FROM-TO, e.g. checkout:0-5000 (buckets of 0..9999, TO exclusive)");
        }
        try {
            return new LayerRange(
                    text.substring(0, colon),
                    Integer.parseInt(text.substring(colon + 1, dash)),
                    Integer.parseInt(text.substring(dash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "layer '" + text + "' must read NAME:FROM-TO with whole numbers, e.g. checkout:0-5000");
        }
    }

    /** The user's bucket in a layer, 0..9999. */
    public static int bucketOf(String layer, String userId) {
        return BucketHash.bucket("layer", layer, userId);
    }

    /** Whether the user's layer bucket falls in this range. */
    public boolean contains(String userId) {
        int bucket = bucketOf(layer, userId);
        return bucket >= from && bucket < to;
    }

    /** Whether two ranges of the same layer share a bucket. */
    public boolean overlaps(LayerRange other) {
        return layer.equals(other.layer) && from < other.to && other.from < to;
    }

    /** The share of the traffic this range takes. */
    public double share() {
        return (to - from) / (double) BucketHash.BUCKETS;
    }

    @Override
    public String toString() {
        return layer + ":" + from + "-" + to;
    }
}
