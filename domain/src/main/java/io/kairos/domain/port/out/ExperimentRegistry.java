package io.kairos.domain.port.out;

import io.kairos.domain.experiment.AnalysisPlan;
import io.kairos.domain.experiment.Experiment;
import io.kairos.domain.experiment.RegisteredExperiment;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Experiments as managed resources: created with their analysis plan, started, stopped; every change recorded in the
 * audit trail with who made it. Assignment stays where it is ({@link ExperimentStore}): the registry adds the plan and
 * the lifecycle around the same stored experiment.
 */
public interface ExperimentRegistry {

    /**
     * Creates a draft experiment, or replaces a draft of the same key (arms, description and plan may change until
     * it starts).
     *
     * @throws LifecycleViolation when the key belongs to an experiment already started or stopped
     */
    RegisteredExperiment create(Experiment experiment, String description, AnalysisPlan plan, String actor);

    /**
     * Starts a draft experiment at {@code at}: its planned end is {@code at} plus the plan's horizon.
     *
     * @throws LifecycleViolation when it is not a draft, or there is no such experiment
     */
    RegisteredExperiment start(String key, Instant at, String actor);

    /**
     * Stops a running experiment at {@code at}.
     *
     * @throws LifecycleViolation when it is not running, or there is no such experiment
     */
    RegisteredExperiment stop(String key, Instant at, String actor);

    /** The experiment with this key, with its plan and lifecycle. */
    Optional<RegisteredExperiment> find(String key);

    /** Every experiment, by key. */
    List<RegisteredExperiment> list();

    /**
     * The recorded changes of the experiment with this key ({@code experiment.*} actions), oldest first. An experiment
     * may even be keyed {@code campaigns}: its trail still holds none of the campaign publications.
     */
    List<AuditEntry> audit(String key);

    /** The recorded campaign publications ({@code campaign.*} actions), oldest first. */
    List<AuditEntry> campaignAudit();

    /**
     * The recorded changes whose subject is {@code subject} (an experiment's key, or {@link
     * CampaignVersionStore#AUDIT_SUBJECT} for campaign publications), oldest first; every change when null.
     */
    List<AuditEntry> auditTrail(String subject);

    /**
     * One recorded change.
     *
     * @param at when
     * @param actor who (an API key's name, the operating-system user of a command)
     * @param action what: {@code experiment.create}, {@code experiment.start}, {@code experiment.stop},
     *     {@code campaign.publish}
     * @param subject the experiment's key, or {@code campaigns}
     * @param details the change, as JSON
     */
    record AuditEntry(Instant at, String actor, String action, String subject, String details) {}

    /** A change the experiment's status does not allow; the message says why and what to do instead. */
    final class LifecycleViolation extends IllegalStateException {
        public LifecycleViolation(String message) {
            super(message);
        }
    }
}
