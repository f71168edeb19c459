package io.kairos.simulator;

import io.kairos.domain.stats.ProportionSample;

/**
 * One arm's outcome of a run.
 *
 * @param arm the arm's name
 * @param users simulated users assigned to the arm
 * @param triggeredUsers users whose first delivered or ghost decision (any campaign, either mode) is at or before the
 *     enrolment cut-off: the report's triggered users
 * @param convertedUsers triggered users whose first purchase after that trigger came within the attribution window
 * @param deliveredMessages messages delivered to the arm's users, all campaigns, triggered by the enrolment cut-off
 * @param openedMessages of those, messages opened
 * @param clickedMessages of those, messages clicked
 */
public record ArmOutcome(
        String arm,
        long users,
        long triggeredUsers,
        long convertedUsers,
        long deliveredMessages,
        long openedMessages,
        long clickedMessages) {

    /** Conversion among triggered users, or 0 when none was triggered. */
    public double conversionRate() {
        return triggeredUsers == 0 ? 0.0 : (double) convertedUsers / triggeredUsers;
    }

    /** The triggered users and their conversions, as a statistics input. */
    public ProportionSample conversions() {
        return new ProportionSample(convertedUsers, triggeredUsers);
    }
}
