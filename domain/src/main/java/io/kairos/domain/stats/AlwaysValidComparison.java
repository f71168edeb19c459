package io.kairos.domain.stats;

import java.util.Optional;

/**
 * An always-valid comparison of two conversion rates for a dashboard that is looked at again and again: the
 * normal-mixture sequential probability ratio test (mSPRT) of Johari, Pekelis and Walsh, "Always Valid Inference:
 * Continuous Monitoring of A/B Tests" (Operations Research 70(3), 2022), on the difference of rates.
 *
 * <p>With θ̂ the observed difference, V its unpooled variance and a normal mixing distribution N(0, τ²) over the
 * alternative differences, the mixture likelihood ratio against "no difference" is
 * {@code Λ = sqrt(V / (V + τ²)) · exp(τ² θ̂² / (2 V (V + τ²)))}. Rejecting when {@code Λ ≥ 1/α} keeps the chance of
 * ever rejecting a true null at most α however often and whenever one looks (Ville's inequality), so
 * {@code pValue = min(1, 1/Λ)} may be read at every look; the interval is the set of differences θ₀ the same test
 * does not reject: {@code θ̂ ± sqrt(V (V + τ²) / τ² · (2 ln(1/α) + ln((V + τ²) / V)))}. It is wider than the fixed-sample
 * Wald interval: that is the price of peeking.
 *
 * @param difference treatment rate minus control rate
 * @param variance unpooled variance of the difference, p_t(1 − p_t)/n_t + p_c(1 − p_c)/n_c
 * @param mixingStandardDeviation τ, the spread of the differences the test is tuned to detect
 * @param likelihoodRatio Λ, the mixture likelihood ratio of the observed difference against no difference
 * @param pValue the always-valid p-value at this look, min(1, 1/Λ)
 * @param interval the always-valid 95% interval for the difference at this look
 */
public record AlwaysValidComparison(
        double difference,
        double variance,
        double mixingStandardDeviation,
        double likelihoodRatio,
        double pValue,
        ConfidenceInterval interval) {

    /**
     * The comparison at 95%; empty when the difference has no variance (no conversion in either arm, or every user
     * converted in both). Throws {@link IllegalArgumentException} unless {@code mixingStandardDeviation} is positive.
     */
    public static Optional<AlwaysValidComparison> of(
            ProportionSample control, ProportionSample treatment, double mixingStandardDeviation) {
        if (!(mixingStandardDeviation > 0.0) || Double.isInfinite(mixingStandardDeviation)) {
            throw new IllegalArgumentException(
                    "the mixing standard deviation must be positive, was " + mixingStandardDeviation);
        }
        double variance = control.varianceOfRate() + treatment.varianceOfRate();
        if (!(variance > 0.0)) {
            return Optional.empty();
        }
        double difference = treatment.rate() - control.rate();
        double tau2 = mixingStandardDeviation * mixingStandardDeviation;
        double logRatio = 0.5 * Math.log(variance / (variance + tau2))
                + tau2 * difference * difference / (2.0 * variance * (variance + tau2));
        double likelihoodRatio = Math.exp(logRatio);
        double pValue = Math.min(1.0, Math.exp(-logRatio));
        double halfWidth = Math.sqrt(variance
                * (variance + tau2)
                / tau2
                * (2.0 * Math.log(1.0 / ConfidenceInterval.ALPHA) + Math.log((variance + tau2) / variance)));
        return Optional.of(new AlwaysValidComparison(
                difference,
                variance,
                mixingStandardDeviation,
                likelihoodRatio,
                pValue,
                new ConfidenceInterval(difference - halfWidth, difference + halfWidth)));
    }
}
