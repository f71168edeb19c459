package io.kairos.batch;

import io.kairos.domain.port.out.BatchProfileStore;
import io.kairos.domain.port.out.DecisionOutbox;
import io.kairos.domain.port.out.DecisionStore;
import io.kairos.domain.port.out.EventArchive;
import io.kairos.domain.port.out.PendingTimerSnapshots;
import java.util.Objects;

/**
 * What the nightly job reads and writes through, and the engines it drives.
 *
 * @param archive the archived events, read per user
 * @param profiles the users' state snapshots per cut-off
 * @param timers the batch mode's pending timers per cut-off
 * @param decisions where decisions are recorded (idempotent by id and mode)
 * @param outbox where delivered decisions are queued for publication, in the same transaction (idempotent by id)
 * @param messages the outbox message of a delivered decision
 * @param engines the rule engine of an experiment
 */
public record NightlyJobPorts(
        EventArchive archive,
        BatchProfileStore profiles,
        PendingTimerSnapshots timers,
        DecisionStore decisions,
        DecisionOutbox outbox,
        DeliveryMessages messages,
        DecisionEngines engines) {

    public NightlyJobPorts {
        Objects.requireNonNull(archive, "archive");
        Objects.requireNonNull(profiles, "profiles");
        Objects.requireNonNull(timers, "timers");
        Objects.requireNonNull(decisions, "decisions");
        Objects.requireNonNull(outbox, "outbox");
        Objects.requireNonNull(messages, "messages");
        Objects.requireNonNull(engines, "engines");
    }
}
