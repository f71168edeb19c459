package io.kairos.persistence.store;

import static io.kairos.persistence.jooq.Tables.AUDIT_EVENT;
import static io.kairos.persistence.jooq.Tables.EXPERIMENT;
import static io.kairos.persistence.jooq.Tables.EXPERIMENT_ARM;
import static io.kairos.persistence.jooq.Tables.EXPERIMENT_PLAN;

import io.kairos.domain.experiment.AnalysisPlan;
import io.kairos.domain.experiment.Arm;
import io.kairos.domain.experiment.Experiment;
import io.kairos.domain.experiment.ExperimentStatus;
import io.kairos.domain.experiment.LayerRange;
import io.kairos.domain.experiment.RegisteredExperiment;
import io.kairos.domain.port.out.CampaignVersionStore;
import io.kairos.domain.port.out.ExperimentRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * The experiment registry in PostgreSQL (migration V18): the lifecycle columns of {@code experiment}, the plan in
 * {@code experiment_plan}, every change in {@code audit_event}, each change and its audit row in one transaction. The
 * arms are those of {@link PostgresExperimentStore}, so the stream and the nightly job assign users by the experiment
 * registered here.
 */
public final class PostgresExperimentRegistry implements ExperimentRegistry {

    private final DSLContext db;

    /** A registry reading and writing through {@code db}. */
    public PostgresExperimentRegistry(DSLContext db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public RegisteredExperiment create(Experiment experiment, String description, AnalysisPlan plan, String actor) {
        PostgresExperimentStore.requireStorable(experiment);
        Objects.requireNonNull(plan, "plan");
        return db.transactionResult(tx -> {
            DSLContext t = tx.dsl();
            Record existing = t.select(EXPERIMENT.STATUS, EXPERIMENT.STARTED_AT)
                    .from(EXPERIMENT)
                    .where(EXPERIMENT.EXPERIMENT_KEY.eq(experiment.key()))
                    .forUpdate()
                    .fetchOne();
            boolean replacing = existing != null;
            LayerRange layer = experiment.layer();
            if (layer != null) {
                requireFreeRange(t, experiment.key(), layer);
            }
            if (replacing) {
                ExperimentStatus status = ExperimentStatus.of(existing.get(EXPERIMENT.STATUS));
                if (status != ExperimentStatus.DRAFT) {
                    throw new LifecycleViolation("experiment '" + experiment.key() + "' is " + status.label()
                            + (existing.get(EXPERIMENT.STARTED_AT) == null
                                    ? ""
                                    : " since "
                                            + existing.get(EXPERIMENT.STARTED_AT)
                                                    .toInstant())
                            + ": its arms, weights and plan cannot change after the start, because users already"
                            + " assigned must keep their arm and the analysis was fixed before the data; create a"
                            + " new experiment with another key");
                }
                t.update(EXPERIMENT)
                        .set(EXPERIMENT.SALT, experiment.salt())
                        .set(EXPERIMENT.DESCRIPTION, description)
                        .set(EXPERIMENT.LAYER_KEY, layer == null ? null : layer.layer())
                        .set(EXPERIMENT.LAYER_FROM, layer == null ? null : layer.from())
                        .set(EXPERIMENT.LAYER_TO, layer == null ? null : layer.to())
                        .where(EXPERIMENT.EXPERIMENT_KEY.eq(experiment.key()))
                        .execute();
                t.deleteFrom(EXPERIMENT_ARM)
                        .where(EXPERIMENT_ARM.EXPERIMENT_KEY.eq(experiment.key()))
                        .execute();
                t.deleteFrom(EXPERIMENT_PLAN)
                        .where(EXPERIMENT_PLAN.EXPERIMENT_KEY.eq(experiment.key()))
                        .execute();
            } else {
                t.insertInto(EXPERIMENT)
                        .set(EXPERIMENT.EXPERIMENT_KEY, experiment.key())
                        .set(EXPERIMENT.SALT, experiment.salt())
                        .set(EXPERIMENT.DESCRIPTION, description)
                        .set(EXPERIMENT.STATUS, ExperimentStatus.DRAFT.label())
                        .set(EXPERIMENT.LAYER_KEY, layer == null ? null : layer.layer())
                        .set(EXPERIMENT.LAYER_FROM, layer == null ? null : layer.from())
                        .set(EXPERIMENT.LAYER_TO, layer == null ? null : layer.to())
                        .execute();
            }
            for (Arm arm : experiment.arms()) {
                t.insertInto(EXPERIMENT_ARM, EXPERIMENT_ARM.EXPERIMENT_KEY, EXPERIMENT_ARM.ARM, EXPERIMENT_ARM.WEIGHT)
                        .values(experiment.key(), arm.name(), arm.weight())
                        .execute();
            }
            t.insertInto(EXPERIMENT_PLAN)
                    .set(EXPERIMENT_PLAN.EXPERIMENT_KEY, experiment.key())
                    .set(EXPERIMENT_PLAN.PRIMARY_METRIC, plan.primaryMetric())
                    .set(EXPERIMENT_PLAN.SECONDARY_METRICS, String.join(",", plan.secondaryMetrics()))
                    .set(
                            EXPERIMENT_PLAN.ATTRIBUTION_WINDOW_SECONDS,
                            plan.attributionWindow().toSeconds())
                    .set(EXPERIMENT_PLAN.HORIZON_SECONDS, plan.horizon().toSeconds())
                    .set(EXPERIMENT_PLAN.ALPHA, plan.alpha())
                    .set(EXPERIMENT_PLAN.MINIMUM_DETECTABLE_EFFECT, plan.minimumDetectableEffect())
                    .set(EXPERIMENT_PLAN.POWER, plan.power())
                    .execute();
            audit(t, actor, "experiment.create", experiment.key(), describe(experiment, description, plan, replacing));
            return read(t, experiment.key()).orElseThrow();
        });
    }

    /**
     * Refuses a layer range that shares buckets with a draft or running experiment of the same layer (a stopped one's
     * range is free again); creations in one layer are serialised by a transaction-level advisory lock.
     */
    private static void requireFreeRange(DSLContext t, String key, LayerRange layer) {
        t.fetch("select pg_advisory_xact_lock(hashtext(?))", "kairos-layer:" + layer.layer());
        for (Record row : t.select(
                        EXPERIMENT.EXPERIMENT_KEY, EXPERIMENT.LAYER_FROM, EXPERIMENT.LAYER_TO, EXPERIMENT.STATUS)
                .from(EXPERIMENT)
                .where(EXPERIMENT.LAYER_KEY.eq(layer.layer()))
                .and(EXPERIMENT.EXPERIMENT_KEY.ne(key))
                .and(EXPERIMENT.STATUS.in(ExperimentStatus.DRAFT.label(), ExperimentStatus.RUNNING.label()))
                .fetch()) {
            LayerRange other =
                    new LayerRange(layer.layer(), row.get(EXPERIMENT.LAYER_FROM), row.get(EXPERIMENT.LAYER_TO));
            if (layer.overlaps(other)) {
                throw new LifecycleViolation("layer range " + layer + " overlaps " + other + " of experiment '"
                        + row.get(EXPERIMENT.EXPERIMENT_KEY) + "' (" + row.get(EXPERIMENT.STATUS)
                        + "): experiments of one layer are mutually exclusive, so their ranges must not share a"
                        + " bucket; take a free range, or stop that experiment first");
            }
        }
    }

    @Override
    public RegisteredExperiment start(String key, Instant at, String actor) {
        return db.transactionResult(tx -> {
            DSLContext t = tx.dsl();
            RegisteredExperiment current = locked(t, key);
            if (current.status() != ExperimentStatus.DRAFT) {
                throw new LifecycleViolation("experiment '" + key + "' cannot start: it is "
                        + current.status().label()
                        + (current.startedAt() == null ? "" : " since " + current.startedAt())
                        + "; an experiment starts once");
            }
            Instant plannedEnd =
                    current.plan().map(plan -> at.plus(plan.horizon())).orElse(null);
            t.update(EXPERIMENT)
                    .set(EXPERIMENT.STATUS, ExperimentStatus.RUNNING.label())
                    .set(EXPERIMENT.STARTED_AT, at.atOffset(ZoneOffset.UTC))
                    .set(EXPERIMENT.PLANNED_END_AT, plannedEnd == null ? null : plannedEnd.atOffset(ZoneOffset.UTC))
                    .where(EXPERIMENT.EXPERIMENT_KEY.eq(key))
                    .execute();
            audit(
                    t,
                    actor,
                    "experiment.start",
                    key,
                    "{\"started_at\":\"" + at + "\",\"planned_end\":"
                            + (plannedEnd == null ? "null" : "\"" + plannedEnd + "\"") + "}");
            return read(t, key).orElseThrow();
        });
    }

    @Override
    public RegisteredExperiment stop(String key, Instant at, String actor) {
        return db.transactionResult(tx -> {
            DSLContext t = tx.dsl();
            RegisteredExperiment current = locked(t, key);
            if (current.status() != ExperimentStatus.RUNNING) {
                throw new LifecycleViolation("experiment '" + key + "' cannot stop: it is "
                        + current.status().label()
                        + (current.status() == ExperimentStatus.DRAFT ? " (start it first, or leave it)" : ""));
            }
            t.update(EXPERIMENT)
                    .set(EXPERIMENT.STATUS, ExperimentStatus.STOPPED.label())
                    .set(EXPERIMENT.STOPPED_AT, at.atOffset(ZoneOffset.UTC))
                    .where(EXPERIMENT.EXPERIMENT_KEY.eq(key))
                    .execute();
            audit(t, actor, "experiment.stop", key, "{\"stopped_at\":\"" + at + "\"}");
            return read(t, key).orElseThrow();
        });
    }

    @Override
    public Optional<RegisteredExperiment> find(String key) {
        return read(db, key);
    }

    @Override
    public List<RegisteredExperiment> list() {
        List<RegisteredExperiment> all = new ArrayList<>();
        for (String key : db.select(EXPERIMENT.EXPERIMENT_KEY)
                .from(EXPERIMENT)
                .orderBy(EXPERIMENT.EXPERIMENT_KEY)
                .fetch(EXPERIMENT.EXPERIMENT_KEY)) {
            read(db, key).ifPresent(all::add);
        }
        return all;
    }

    @Override
    public List<AuditEntry> audit(String key) {
        Objects.requireNonNull(key, "key");
        return audit(AUDIT_EVENT.SUBJECT.eq(key).and(AUDIT_EVENT.ACTION.startsWith("experiment.")));
    }

    @Override
    public List<AuditEntry> campaignAudit() {
        return audit(AUDIT_EVENT
                .SUBJECT
                .eq(CampaignVersionStore.AUDIT_SUBJECT)
                .and(AUDIT_EVENT.ACTION.startsWith("campaign.")));
    }

    @Override
    public List<AuditEntry> auditTrail(String subject) {
        return audit(subject == null ? DSL.noCondition() : AUDIT_EVENT.SUBJECT.eq(subject));
    }

    private List<AuditEntry> audit(Condition which) {
        return db.selectFrom(AUDIT_EVENT)
                .where(which)
                .orderBy(AUDIT_EVENT.AUDIT_ID)
                .fetch(r -> new AuditEntry(
                        r.getOccurredAt().toInstant(), r.getActor(), r.getAction(), r.getSubject(), r.getDetails()));
    }

    private static RegisteredExperiment locked(DSLContext t, String key) {
        Record row = t.select(EXPERIMENT.EXPERIMENT_KEY)
                .from(EXPERIMENT)
                .where(EXPERIMENT.EXPERIMENT_KEY.eq(key))
                .forUpdate()
                .fetchOne();
        if (row == null) {
            throw new LifecycleViolation(
                    "no experiment '" + key + "': create it first with 'kairos experiment create --key " + key + "'");
        }
        return read(t, key).orElseThrow();
    }

    private static Optional<RegisteredExperiment> read(DSLContext db, String key) {
        Optional<Experiment> experiment = PostgresExperimentStore.read(db, key);
        if (experiment.isEmpty()) {
            return Optional.empty();
        }
        var row = db.selectFrom(EXPERIMENT)
                .where(EXPERIMENT.EXPERIMENT_KEY.eq(key))
                .fetchOne();
        var planRow = db.selectFrom(EXPERIMENT_PLAN)
                .where(EXPERIMENT_PLAN.EXPERIMENT_KEY.eq(key))
                .fetchOne();
        Optional<AnalysisPlan> plan = planRow == null
                ? Optional.empty()
                : Optional.of(new AnalysisPlan(
                        planRow.getPrimaryMetric(),
                        planRow.getSecondaryMetrics().isEmpty()
                                ? List.of()
                                : Arrays.asList(planRow.getSecondaryMetrics().split(",")),
                        Duration.ofSeconds(planRow.getAttributionWindowSeconds()),
                        Duration.ofSeconds(planRow.getHorizonSeconds()),
                        planRow.getAlpha(),
                        planRow.getMinimumDetectableEffect(),
                        planRow.getPower()));
        return Optional.of(new RegisteredExperiment(
                experiment.get(),
                row.getDescription(),
                plan,
                ExperimentStatus.of(row.getStatus()),
                instant(row.getCreatedAt()),
                instant(row.getStartedAt()),
                instant(row.getPlannedEndAt()),
                instant(row.getStoppedAt())));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static void audit(DSLContext t, String actor, String action, String subject, String details) {
        t.insertInto(AUDIT_EVENT)
                .set(AUDIT_EVENT.ACTOR, actor == null || actor.isBlank() ? "unknown" : actor)
                .set(AUDIT_EVENT.ACTION, action)
                .set(AUDIT_EVENT.SUBJECT, subject)
                .set(AUDIT_EVENT.DETAILS, details)
                .execute();
    }

    private static String describe(Experiment experiment, String description, AnalysisPlan plan, boolean replacing) {
        String arms = experiment.arms().stream()
                .map(arm -> "{\"arm\":" + json(arm.name()) + ",\"weight\":" + arm.weight() + "}")
                .collect(Collectors.joining(",", "[", "]"));
        return "{\"replaced_draft\":" + replacing + ",\"salt\":" + json(experiment.salt()) + ",\"description\":"
                + json(description) + ",\"arms\":" + arms + ",\"layer\":"
                + (experiment.layer() == null ? "null" : json(experiment.layer().toString()))
                + ",\"plan\":{\"primary_metric\":"
                + json(plan.primaryMetric()) + ",\"secondary_metrics\":"
                + plan.secondaryMetrics().stream()
                        .map(PostgresExperimentRegistry::json)
                        .collect(Collectors.joining(",", "[", "]"))
                + ",\"attribution_window_hours\":" + plan.attributionWindow().toHours() + ",\"horizon_hours\":"
                + plan.horizon().toHours() + ",\"alpha\":" + plan.alpha() + ",\"minimum_detectable_effect\":"
                + plan.minimumDetectableEffect() + ",\"power\":" + plan.power() + "}}";
    }

    private static String json(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
