package io.kairos.report.outcomes;

import io.kairos.domain.stats.SurvivalObservation;
import java.util.List;

/**
 * The users of one arm as read from an outcome file.
 *
 * @param arm the arm's name
 * @param firstLine the line of the file where the arm first appears, for messages
 * @param timesToConversion per user: hours to conversion, or censored at the hours observed
 * @param revenue per user, in the same order
 */
public record ArmOutcomes(String arm, int firstLine, List<SurvivalObservation> timesToConversion, double[] revenue) {

    public ArmOutcomes {
        timesToConversion = List.copyOf(timesToConversion);
        revenue = revenue.clone();
        if (timesToConversion.isEmpty() || timesToConversion.size() != revenue.length) {
            throw new IllegalArgumentException("an arm needs one time and one revenue per user, at least one user");
        }
    }

    /** The number of users in the arm. */
    public int users() {
        return revenue.length;
    }

    /** The number of users who converted. */
    public int conversions() {
        return (int)
                timesToConversion.stream().filter(SurvivalObservation::event).count();
    }

    /** Per-user revenue (a copy). */
    @Override
    public double[] revenue() {
        return revenue.clone();
    }
}
