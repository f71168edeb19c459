package io.kairos.simulator;

import io.kairos.domain.decision.Decision;
import io.kairos.domain.event.UserEvent;
import io.kairos.domain.stats.TwoProportionComparison;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * What a run produced: every event in the order handed to the driver, every decision in the order returned, the
 * reactions to delivered messages, and the outcome per arm.
 *
 * @param parameters the parameters of the run
 * @param events the full event log
 * @param decisions every decision of both modes: delivered, ghost and suppressed
 * @param reactions the events caused by delivered messages, each with its delivery time
 * @param arms outcome per arm, in the experiment's arm order, by the report's definitions and enrolment cut-off
 * @param enrolmentCutoff the latest first trigger counted in {@code arms}: the end of observation (the latest event)
 *     minus the driver's longest delivery delay minus the attribution window, as in the report
 * @param windows number of virtual-time windows the run stepped through
 */
public record SimulationResult(
        SimulationParameters parameters,
        List<UserEvent> events,
        List<Decision> decisions,
        List<Reaction> reactions,
        List<ArmOutcome> arms,
        Instant enrolmentCutoff,
        long windows) {

    public SimulationResult {
        events = List.copyOf(events);
        decisions = List.copyOf(decisions);
        reactions = List.copyOf(reactions);
        arms = List.copyOf(arms);
    }

    /** The outcome of the named arm. */
    public ArmOutcome arm(String name) {
        return arms.stream()
                .filter(a -> a.arm().equals(name))
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException("no arm named " + name));
    }

    /**
     * Two-proportion z-test of conversion among triggered users, {@code treatment} against {@code control}; empty when
     * an arm has no triggered user (e.g. a run too short for anyone to be enrolled before the cut-off) or the test is
     * undefined.
     */
    public Optional<TwoProportionComparison> compareConversion(String control, String treatment) {
        ArmOutcome c = arm(control);
        ArmOutcome t = arm(treatment);
        if (c.triggeredUsers() == 0 || t.triggeredUsers() == 0) {
            return Optional.empty();
        }
        return TwoProportionComparison.of(c.conversions(), t.conversions());
    }

    /** SHA-256 (hex) of the full event log and decision list: equal digests mean identical runs. */
    public String digest() {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
        for (UserEvent event : events) {
            String line = event.eventId() + "|" + event.userId() + "|" + event.occurredAt() + "|" + event.sessionId()
                    + "|" + event.properties() + "\n";
            sha.update(line.getBytes(StandardCharsets.UTF_8));
        }
        for (Decision decision : decisions) {
            sha.update((decision + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
