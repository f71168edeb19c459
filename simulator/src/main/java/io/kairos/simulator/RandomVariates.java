package io.kairos.simulator;

import java.util.SplittableRandom;
import java.util.UUID;

/** Seeded random streams per user and the few distributions the behaviour model draws from. */
final class RandomVariates {

    /** The stream of a user's own behaviour: sessions, carts, natural returns. */
    static final int BEHAVIOUR = 1;

    /** The stream of a user's responses to messages: opens, clicks, purchases a message causes. */
    static final int RESPONSE = 2;

    private RandomVariates() {}

    /** An independent stream for one user and purpose: depends on the seed, the user and the purpose only. */
    static SplittableRandom stream(long seed, int userIndex, int purpose) {
        return new SplittableRandom(mix(mix(seed) ^ mix(((long) userIndex << 8) | purpose)));
    }

    /** A deterministic version-4-shaped UUID for a user's n-th event. */
    static UUID eventId(long seed, int userIndex, long counter) {
        long high = mix(seed ^ mix(((long) userIndex << 20) ^ counter ^ 0x5DEECE66DL));
        long low = mix(high ^ mix(counter + 0x9E3779B97F4A7C15L * (userIndex + 1L)));
        high = (high & 0xFFFFFFFFFFFF0FFFL) | 0x0000000000004000L;
        low = (low & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }

    /** SplitMix64's finaliser: a bijective 64-bit mix. */
    static long mix(long value) {
        long z = value + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A unit exponential variate (mean 1). */
    static double exponential(SplittableRandom random) {
        return -Math.log(1.0 - random.nextDouble());
    }

    /** A lognormal variate with the given median and sigma of the log. */
    static double lognormal(SplittableRandom random, double median, double sigma) {
        return median * Math.exp(sigma * random.nextGaussian());
    }

    /** A count of at least one with the given mean: one plus a geometric number of failures. */
    static int atLeastOne(SplittableRandom random, double mean) {
        double u = random.nextDouble();
        if (mean <= 1.0) {
            return 1;
        }
        double continueProbability = 1.0 - 1.0 / mean;
        return 1 + (int) Math.min(10_000, Math.floor(Math.log(1.0 - u) / Math.log(continueProbability)));
    }
}
