package io.kairos.domain.stats;

/** A two-sided 95% confidence interval for an estimate. */
public record ConfidenceInterval(double lower, double upper) {

    /** Two-sided confidence level used by every interval of the report. */
    public static final double LEVEL = 0.95;

    /** 1 - LEVEL written exactly: 1.0 - 0.95 in binary is slightly above 0.05 and would call p = 0.05 significant. */
    static final double ALPHA = 0.05;

    public ConfidenceInterval {
        if (Double.isNaN(lower) || Double.isNaN(upper) || lower > upper) {
            throw new IllegalArgumentException("invalid interval [" + lower + ", " + upper + "]");
        }
    }

    /** True when the value lies inside the closed interval. */
    public boolean contains(double value) {
        return lower <= value && value <= upper;
    }

    /** True when zero lies strictly outside the interval, i.e. the difference is significant at 5%. */
    public boolean excludesZero() {
        return !contains(0.0);
    }
}
