package io.kairos.simulator;

import io.kairos.domain.stats.TwoProportionComparison;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The simulator's own account of a run, from its ground truth (every user's purchases), as a terminal table: per arm
 * users, triggered users (by the report's definition and enrolment cut-off), conversions among the triggered, messages
 * delivered, opened and clicked; then conversion among the triggered compared between arms (two-proportion z-test). The fast path prints it; full-path runs print the
 * platform's report instead.
 */
public final class SimulationSummary {

    private SimulationSummary() {}

    /** The table and the comparisons. */
    public static String render(SimulationResult result) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(
                Locale.ROOT,
                "%-10s %9s %10s %10s %9s %10s %8s %8s%n",
                "arm",
                "users",
                "triggered",
                "converted",
                "rate",
                "delivered",
                "opened",
                "clicked"));
        for (ArmOutcome arm : result.arms()) {
            text.append(String.format(
                    Locale.ROOT,
                    "%-10s %,9d %,10d %,10d %8.2f%% %,10d %,8d %,8d%n",
                    arm.arm(),
                    arm.users(),
                    arm.triggeredUsers(),
                    arm.convertedUsers(),
                    100 * arm.conversionRate(),
                    arm.deliveredMessages(),
                    arm.openedMessages(),
                    arm.clickedMessages()));
        }
        text.append(String.format(
                "enrolment cut-off %s: users first triggered later are not counted (as in the report)%n",
                result.enrolmentCutoff()));
        List<String> names = result.arms().stream().map(ArmOutcome::arm).toList();
        text.append(System.lineSeparator());
        for (String[] pair :
                List.of(new String[] {"batch", "realtime"}, new String[] {"control", "realtime"}, new String[] {
                    "control", "batch"
                })) {
            if (names.contains(pair[0]) && names.contains(pair[1])) {
                text.append(comparison(pair[1], pair[0], result.compareConversion(pair[0], pair[1])));
            }
        }
        return text.toString();
    }

    private static String comparison(String treatment, String control, Optional<TwoProportionComparison> test) {
        if (test.isEmpty()) {
            return String.format("%s vs %s: undefined (no triggered users or no conversions)%n", treatment, control);
        }
        TwoProportionComparison c = test.get();
        String verdict = c.pValue() < 0.05
                ? (c.difference() > 0 ? treatment + " converts more" : control + " converts more")
                : "no significant difference";
        return String.format(
                Locale.ROOT,
                "%s vs %s: %+.2f points [%+.2f, %+.2f], p = %.3g: %s%n",
                treatment,
                control,
                100 * c.difference(),
                100 * c.differenceInterval().lower(),
                100 * c.differenceInterval().upper(),
                c.pValue(),
                verdict);
    }
}
