package io.kairos.domain.experiment;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An experiment: a key, a salt, and arms with weights. Assignment is a pure function of the key, the salt and the
 * user id.
 *
 * <p>Arms take consecutive bucket ranges in declared order: with weights w1..wn summing to W, arm i covers buckets
 * {@code [floor(10000 * (w1+..+w(i-1)) / W), floor(10000 * (w1+..+wi) / W))}. With control 10 / batch 45 / realtime
 * 45 that is control 0..999, batch 1000..5499, realtime 5500..9999.
 *
 * <p>An experiment with a {@link LayerRange} enrols only the users whose layer bucket falls in its range (mutually
 * exclusive with the other experiments of that layer); without one it enrols everyone (overlapping by choice).
 */
public record Experiment(String key, String salt, List<Arm> arms, LayerRange layer) {

    /**
     * What a key may be: it names the experiment's consumer group, its simulation topics and its HTTP resources
     * ({@code /api/experiments/{key}}), and is stored in columns of 100 characters.
     */
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    /** An experiment on all the traffic, in no layer. */
    public Experiment(String key, String salt, List<Arm> arms) {
        this(key, salt, arms, null);
    }

    public Experiment {
        requireValidKey(key);
        Objects.requireNonNull(salt, "salt");
        arms = List.copyOf(arms);
        if (arms.isEmpty()) {
            throw new IllegalArgumentException("an experiment needs at least one arm");
        }
        Set<String> names = new HashSet<>();
        for (Arm arm : arms) {
            if (!names.add(arm.name())) {
                throw new IllegalArgumentException("duplicate arm " + arm.name());
            }
        }
    }

    /**
     * Returns {@code key} when it may key an experiment.
     *
     * @throws IllegalArgumentException saying what a key may be, when it may not
     */
    public static String requireValidKey(String key) {
        Objects.requireNonNull(key, "key");
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("experiment key '" + key + "' must be 1 to 100 letters, digits, '.', '_'"
                    + " or '-', starting with a letter or digit (it names the experiment's consumer group, topics"
                    + " and HTTP address)");
        }
        return key;
    }

    /** The article's design: control 10, batch 45, realtime 45. */
    public static Experiment batchVersusRealtime(String key, String salt) {
        return new Experiment(
                key,
                salt,
                List.of(
                        new Arm("control", 10, Set.of()),
                        new Arm("batch", 45, Set.of(Mode.BATCH)),
                        new Arm("realtime", 45, Set.of(Mode.REALTIME))));
    }

    /** Sum of the arms' weights. */
    public int totalWeight() {
        int total = 0;
        for (Arm arm : arms) {
            total += arm.weight();
        }
        return total;
    }

    /** The first bucket after arm {@code index}'s range (its exclusive upper bound). */
    public int bucketLimit(int index) {
        long cumulative = 0;
        for (int i = 0; i <= index; i++) {
            cumulative += arms.get(i).weight();
        }
        return (int) (BucketHash.BUCKETS * cumulative / totalWeight());
    }

    /** The arm owning a bucket. */
    public Arm armOf(int bucket) {
        if (bucket < 0 || bucket >= BucketHash.BUCKETS) {
            throw new IllegalArgumentException("bucket out of range: " + bucket);
        }
        for (int i = 0; i < arms.size(); i++) {
            if (bucket < bucketLimit(i)) {
                return arms.get(i);
            }
        }
        throw new IllegalStateException("the last arm's limit is " + BucketHash.BUCKETS);
    }

    /** The same experiment taking {@code range} of a layer's traffic. */
    public Experiment inLayer(LayerRange range) {
        return new Experiment(key, salt, arms, range);
    }

    /** Whether the user is in the experiment at all: always without a layer, else when in its layer range. */
    public boolean enrols(String userId) {
        return layer == null || layer.contains(userId);
    }

    /** The user's arm (among the users it {@link #enrols}). */
    public ArmAssignment assign(String userId) {
        int bucket = BucketHash.bucket(key, salt, userId);
        return new ArmAssignment(key, userId, bucket, armOf(bucket));
    }

    /** The share of users an arm should receive, from its bucket range. */
    public double expectedShare(int index) {
        int lower = index == 0 ? 0 : bucketLimit(index - 1);
        return (bucketLimit(index) - lower) / (double) BucketHash.BUCKETS;
    }
}
