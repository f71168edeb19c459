package io.kairos.domain.stats;

/**
 * Summary statistics of a per-user metric in one arm (e.g. revenue per visitor), as SQL computes them with
 * {@code count}, {@code avg} and {@code var_samp}.
 *
 * @param variance the sample variance (denominator n - 1); zero by convention when n = 1
 */
public record MeanSummary(long n, double mean, double variance) {

    public MeanSummary {
        if (n < 1) {
            throw new IllegalArgumentException("n must be positive, was " + n);
        }
        if (!Double.isFinite(mean)) {
            throw new IllegalArgumentException("mean must be finite, was " + mean);
        }
        if (!(variance >= 0.0) || Double.isInfinite(variance)) {
            throw new IllegalArgumentException("variance must be finite and non-negative, was " + variance);
        }
    }

    /** Summarises raw per-user values with the two-pass sample variance. */
    public static MeanSummary of(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("at least one value is needed");
        }
        double sum = 0.0;
        for (double value : values) {
            sum += value;
        }
        double mean = sum / values.length;
        double squares = 0.0;
        for (double value : values) {
            squares += (value - mean) * (value - mean);
        }
        double variance = values.length > 1 ? squares / (values.length - 1) : 0.0;
        return new MeanSummary(values.length, mean, variance);
    }

    /** Squared standard error of the mean, variance / n. */
    double varianceOfMean() {
        return variance / n;
    }
}
