package io.kairos.domain.stats;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Kaplan–Meier estimate of the probability of not having converted yet, with Greenwood standard errors and the
 * median and restricted mean derived from it, following R's {@code survival::survfit} defaults.
 *
 * @param subjects number of users in the arm
 * @param events number of conversions observed
 * @param steps one row per distinct conversion time, in increasing time order
 */
public record KaplanMeierEstimate(int subjects, int events, List<SurvivalStep> steps) {

    /** survival's tolerance for "equal to one half" in the median rule, sqrt(machine epsilon). */
    private static final double HALF_TOLERANCE = Math.sqrt(Math.ulp(1.0));

    public KaplanMeierEstimate {
        steps = List.copyOf(steps);
    }

    /** Fits the curve of one arm; at least one observation is required. */
    public static KaplanMeierEstimate fit(Collection<SurvivalObservation> observations) {
        if (observations.isEmpty()) {
            throw new IllegalArgumentException("a Kaplan–Meier curve needs at least one observation");
        }
        List<SurvivalObservation> sorted = new ArrayList<>(observations);
        sorted.sort(Comparator.comparingDouble(SurvivalObservation::time));
        List<SurvivalStep> steps = new ArrayList<>();
        int atRisk = sorted.size();
        int totalEvents = 0;
        double survival = 1.0;
        double greenwood = 0.0;
        int i = 0;
        while (i < sorted.size()) {
            double time = sorted.get(i).time();
            int leaving = 0;
            int events = 0;
            while (i < sorted.size() && sorted.get(i).time() == time) {
                if (sorted.get(i).event()) {
                    events++;
                }
                leaving++;
                i++;
            }
            if (events > 0) {
                survival *= 1.0 - (double) events / atRisk;
                greenwood += atRisk == events ? Double.POSITIVE_INFINITY : greenwoodTerm(atRisk, events);
                steps.add(step(time, atRisk, events, survival, greenwood));
                totalEvents += events;
            }
            atRisk -= leaving;
        }
        return new KaplanMeierEstimate(sorted.size(), totalEvents, steps);
    }

    private static double greenwoodTerm(int atRisk, int events) {
        return (double) events / ((double) atRisk * (atRisk - events));
    }

    private static SurvivalStep step(double time, int atRisk, int events, double survival, double greenwood) {
        if (survival == 0.0) {
            return new SurvivalStep(time, atRisk, events, 0.0, OptionalDouble.empty(), Optional.empty());
        }
        double logError = Math.sqrt(greenwood);
        double margin = StandardNormal.Z_95 * logError;
        ConfidenceInterval interval = new ConfidenceInterval(
                Math.exp(Math.log(survival) - margin), Math.min(1.0, Math.exp(Math.log(survival) + margin)));
        return new SurvivalStep(
                time, atRisk, events, survival, OptionalDouble.of(survival * logError), Optional.of(interval));
    }

    /** The estimated probability of not having converted by the given time (the curve is right-continuous). */
    public double survivalAt(double time) {
        double survival = 1.0;
        for (SurvivalStep step : steps) {
            if (step.time() > time) {
                break;
            }
            survival = step.survival();
        }
        return survival;
    }

    /**
     * Median time to conversion and its interval by the rule of R's {@code print.survfit}: the first time a curve is
     * ≤ 0.5; when the curve equals 0.5 exactly on a flat stretch, the midpoint between the start of that stretch
     * and the next drop.
     */
    public MedianSurvivalTime median() {
        int size = steps.size();
        double[] times = new double[size];
        double[] survival = new double[size];
        double[] lowerCurve = new double[size];
        double[] upperCurve = new double[size];
        for (int i = 0; i < size; i++) {
            SurvivalStep step = steps.get(i);
            times[i] = step.time();
            survival[i] = step.survival();
            lowerCurve[i] = step.interval().map(ConfidenceInterval::lower).orElse(Double.NaN);
            upperCurve[i] = step.interval().map(ConfidenceInterval::upper).orElse(Double.NaN);
        }
        return new MedianSurvivalTime(
                firstTimeAtOrBelowHalf(times, survival),
                firstTimeAtOrBelowHalf(times, lowerCurve),
                firstTimeAtOrBelowHalf(times, upperCurve));
    }

    /** survival's {@code minmin}: a NaN value stands for R's NA and is skipped. */
    private static OptionalDouble firstTimeAtOrBelowHalf(double[] times, double[] curve) {
        int first = -1;
        for (int i = 0; i < curve.length; i++) {
            if (curve[i] < 0.5 + HALF_TOLERANCE) {
                first = i;
                break;
            }
        }
        if (first < 0) {
            return OptionalDouble.empty();
        }
        if (Math.abs(curve[first] - 0.5) < HALF_TOLERANCE) {
            for (int i = first + 1; i < curve.length; i++) {
                if (curve[i] < curve[first]) {
                    return OptionalDouble.of((times[first] + times[i]) / 2.0);
                }
            }
        }
        return OptionalDouble.of(times[first]);
    }

    /**
     * Restricted mean time to conversion up to {@code horizon}, with the standard error of R's
     * {@code print(fit, rmean = horizon)}: the sum over conversion times t ≤ horizon of A(t)² d/(n(n - d)), where
     * A(t) is the area under the curve between t and the horizon.
     */
    public RestrictedMeanSurvivalTime restrictedMean(double horizon) {
        if (!(horizon >= 0.0) || Double.isInfinite(horizon)) {
            throw new IllegalArgumentException("horizon must be finite and non-negative, was " + horizon);
        }
        List<SurvivalStep> kept =
                steps.stream().filter(step -> step.time() <= horizon).toList();
        double[] areaAfter = new double[kept.size()];
        double tail = 0.0;
        double end = horizon;
        for (int j = kept.size() - 1; j >= 0; j--) {
            SurvivalStep step = kept.get(j);
            tail += (end - step.time()) * step.survival();
            areaAfter[j] = tail;
            end = step.time();
        }
        double area = tail + end;
        double variance = 0.0;
        for (int j = 0; j < kept.size(); j++) {
            SurvivalStep step = kept.get(j);
            if (step.atRisk() > step.events()) {
                variance += areaAfter[j] * areaAfter[j] * greenwoodTerm(step.atRisk(), step.events());
            }
        }
        return new RestrictedMeanSurvivalTime(horizon, area, Math.sqrt(variance));
    }
}
