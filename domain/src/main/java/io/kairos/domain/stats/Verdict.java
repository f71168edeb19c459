package io.kairos.domain.stats;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Locale;

/**
 * A plain-language reading of one comparison for the report, worded so that it never claims more than the data
 * support: a difference is called significant only when the p-value is below 5% and the 95% interval excludes
 * zero, otherwise the sentence says there is no significant difference and shows the interval.
 *
 * @param significant whether the sentence claims a difference
 * @param sentence the line shown to the reader, e.g. "realtime converts 1.2 pp more than batch (95% CI 0.4 to 2.0
 *     pp, p = 0.003)"
 */
public record Verdict(boolean significant, String sentence) {

    private static final double ALPHA = ConfidenceInterval.ALPHA;
    private static final String MINUS = "\u2212";

    /** Reads a conversion-rate comparison in percentage points. */
    public static Verdict onConversionRate(String treatment, String control, TwoProportionComparison comparison) {
        return onConversionRate(treatment, control, comparison, comparison.pValue(), pValue(comparison.pValue()));
    }

    /**
     * Reads a conversion-rate comparison that is one of a family (see {@link HolmAdjustment}): the difference is called
     * significant only when the Holm-adjusted p-value is below 5% (and the interval excludes zero); the sentence shows
     * both p-values.
     */
    public static Verdict onConversionRate(
            String treatment, String control, TwoProportionComparison comparison, double holmPValue) {
        String pValues = pValue(comparison.pValue()) + ", Holm-adjusted " + pValue(holmPValue);
        return onConversionRate(treatment, control, comparison, holmPValue, pValues);
    }

    private static Verdict onConversionRate(
            String treatment,
            String control,
            TwoProportionComparison comparison,
            double decidingPValue,
            String pValues) {
        boolean significant = isSignificant(decidingPValue, comparison.differenceInterval());
        Scaled scaled = new Scaled(100.0, comparison.differenceInterval(), " pp");
        if (!significant) {
            return new Verdict(
                    false,
                    "no significant difference in conversion between " + treatment + " and " + control + " ("
                            + scaled.signedInterval() + ", " + pValues + ")");
        }
        String direction = comparison.difference() > 0 ? "more" : "less";
        return new Verdict(
                true,
                treatment + " converts " + scaled.magnitude(comparison.difference()) + " " + direction + " than "
                        + control + " (" + scaled.directedInterval(comparison.difference()) + ", " + pValues + ")");
    }

    /**
     * Reads a comparison of means such as revenue per visitor.
     *
     * @param measure what is compared, e.g. "revenue per visitor"
     * @param unit the unit printed after numbers, e.g. "EUR"; empty for none
     */
    public static Verdict onMean(
            String treatment, String control, WelchComparison comparison, String measure, String unit) {
        boolean significant = isSignificant(comparison.pValue(), comparison.differenceInterval());
        Scaled scaled = new Scaled(1.0, comparison.differenceInterval(), unit.isEmpty() ? "" : " " + unit);
        if (!significant) {
            return new Verdict(
                    false,
                    "no significant difference in " + measure + " between " + treatment + " and " + control + " ("
                            + scaled.signedInterval() + ", " + pValue(comparison.pValue()) + ")");
        }
        String direction = comparison.difference() > 0 ? "higher" : "lower";
        return new Verdict(
                true,
                measure + " is " + scaled.magnitude(comparison.difference()) + " " + direction + " for " + treatment
                        + " than for " + control + " (" + scaled.directedInterval(comparison.difference()) + ", "
                        + pValue(comparison.pValue()) + ")");
    }

    /** Reads a log-rank comparison of time-to-conversion curves. */
    public static Verdict onTimeToConversion(LogRankTest test) {
        List<String> names = test.groups().stream().map(LogRankGroup::name).toList();
        String arms = String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
        String statistic = String.format(
                Locale.ROOT,
                "log-rank \u03c7\u00b2 = %.1f on %d df, %s",
                test.chiSquare(),
                test.degreesOfFreedom(),
                pValue(test.pValue()));
        if (test.pValue() < ALPHA) {
            return new Verdict(true, "time to conversion differs between " + arms + " (" + statistic + ")");
        }
        return new Verdict(
                false, "no significant difference in time to conversion between " + arms + " (" + statistic + ")");
    }

    private static boolean isSignificant(double pValue, ConfidenceInterval interval) {
        return pValue < ALPHA && interval.excludesZero();
    }

    /** "p < 0.001" for tiny values, else two significant digits, never rounding a significant p up to 0.05. */
    static String pValue(double p) {
        if (p < 0.001) {
            return "p < 0.001";
        }
        BigDecimal rounded = new BigDecimal(p).round(new MathContext(2));
        if (p < ALPHA && rounded.compareTo(new BigDecimal("0.05")) >= 0) {
            return "p < 0.05";
        }
        return "p = " + rounded.stripTrailingZeros().toPlainString();
    }

    /** Numbers of one sentence, scaled and rounded to a precision that suits the width of the interval. */
    private record Scaled(double scale, ConfidenceInterval interval, String unit) {

        private int decimals() {
            double halfWidth = (interval.upper() - interval.lower()) * scale / 2.0;
            if (!(halfWidth > 0.0)) {
                return 1;
            }
            return (int) Math.min(6, Math.max(1, -Math.floor(Math.log10(halfWidth))));
        }

        private String number(double value) {
            return String.format(Locale.ROOT, "%." + decimals() + "f", value * scale);
        }

        private String signed(double value) {
            String digits = number(Math.abs(value));
            if (Double.parseDouble(digits) == 0.0) {
                return digits;
            }
            return (value < 0 ? MINUS : "+") + digits;
        }

        String magnitude(double value) {
            return number(Math.abs(value)) + unit;
        }

        String signedInterval() {
            return "95% CI " + signed(interval.lower()) + " to " + signed(interval.upper()) + unit;
        }

        /** The interval of a significant difference, as magnitudes in the direction of the claim. */
        String directedInterval(double difference) {
            double near = difference > 0 ? interval.lower() : -interval.upper();
            double far = difference > 0 ? interval.upper() : -interval.lower();
            return "95% CI " + number(near) + " to " + number(far) + unit;
        }
    }
}
