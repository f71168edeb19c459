package io.kairos.persistence.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kairos.domain.experiment.AnalysisPlan;
import io.kairos.domain.experiment.Arm;
import io.kairos.domain.experiment.DecisionWindow;
import io.kairos.domain.experiment.Experiment;
import io.kairos.domain.experiment.ExperimentStatus;
import io.kairos.domain.experiment.LayerRange;
import io.kairos.domain.experiment.Mode;
import io.kairos.domain.experiment.RegisteredExperiment;
import io.kairos.domain.port.out.ExperimentRegistry;
import io.kairos.domain.port.out.ExperimentRegistry.AuditEntry;
import io.kairos.domain.port.out.ExperimentRegistry.LifecycleViolation;
import io.kairos.persistence.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The experiment lifecycle, its plan and its audit trail in PostgreSQL (migration V18). */
class PostgresExperimentRegistryIT {

    static final AnalysisPlan PLAN = new AnalysisPlan(
            "conversion", List.of("click_through"), Duration.ofDays(3), Duration.ofDays(14), 0.05, 0.10, 0.8);
    static final Instant T0 = Instant.parse("2026-12-07T09:00:00Z");

    DSLContext db;
    ExperimentRegistry registry;
    String key;

    @BeforeEach
    void emptyRegistry() {
        db = TestDatabase.shared();
        registry = new PostgresExperimentRegistry(db);
        key = "registry-" + System.nanoTime();
    }

    @Test
    void givenANewExperiment_whenCreated_thenItIsADraftWithItsPlanAndArmsForTheAssigningStore() {
        RegisteredExperiment created =
                registry.create(Experiment.batchVersusRealtime(key, "salt-1"), "Checkout offers", PLAN, "ana");

        assertThat(created.status()).isEqualTo(ExperimentStatus.DRAFT);
        assertThat(created.plan()).contains(PLAN);
        assertThat(created.description()).isEqualTo("Checkout offers");
        assertThat(created.startedAt()).isNull();
        assertThat(new PostgresExperimentStore(db).find(key)).contains(Experiment.batchVersusRealtime(key, "salt-1"));
        assertThat(registry.list()).extracting(RegisteredExperiment::key).contains(key);
    }

    @Test
    void givenADraft_whenCreatedAgainWithOtherWeights_thenTheDraftIsReplaced() {
        registry.create(Experiment.batchVersusRealtime(key, "salt-1"), "first", PLAN, "ana");
        Experiment evenSplit = new Experiment(
                key,
                "salt-2",
                List.of(new Arm("batch", 50, Set.of(Mode.BATCH)), new Arm("realtime", 50, Set.of(Mode.REALTIME))));

        RegisteredExperiment replaced = registry.create(evenSplit, "second", PLAN, "ana");

        assertThat(replaced.experiment()).isEqualTo(evenSplit);
        assertThat(replaced.description()).isEqualTo("second");
        assertThat(registry.audit(key))
                .extracting(AuditEntry::action)
                .containsExactly("experiment.create", "experiment.create");
        assertThat(registry.audit(key).get(1).details()).contains("\"replaced_draft\":true", "\"weight\":50");
    }

    @Test
    void givenTwoExperimentsOfALayer_whenTheirRangesOverlap_thenRefusedUntilTheFirstStops_andTheLayerIsStored() {
        String layer = "layer-" + System.nanoTime();
        Experiment first = Experiment.batchVersusRealtime(key, "salt-1").inLayer(new LayerRange(layer, 0, 5000));
        registry.create(first, "first half", PLAN, "ana");
        Experiment overlapping =
                Experiment.batchVersusRealtime(key + "-b", "salt-2").inLayer(new LayerRange(layer, 4000, 10_000));
        Experiment adjacent =
                Experiment.batchVersusRealtime(key + "-c", "salt-3").inLayer(new LayerRange(layer, 5000, 10_000));

        assertThatThrownBy(() -> registry.create(overlapping, "overlapping", PLAN, "ana"))
                .isInstanceOf(LifecycleViolation.class)
                .hasMessageContaining(layer + ":4000-10000 overlaps " + layer + ":0-5000 of experiment '" + key + "'")
                .hasMessageContaining("mutually exclusive");
        assertThat(registry.create(adjacent, "second half", PLAN, "ana").experiment())
                .isEqualTo(adjacent);
        assertThat(new PostgresExperimentStore(db).find(key)).contains(first);
        assertThat(registry.audit(key).get(0).details()).contains("\"layer\":\"" + layer + ":0-5000\"");

        registry.start(key, T0, "ana");
        registry.stop(key, T0.plus(Duration.ofDays(1)), "ana");
        Experiment reusing =
                Experiment.batchVersusRealtime(key + "-d", "salt-4").inLayer(new LayerRange(layer, 0, 5000));
        assertThat(registry.create(reusing, "after the first stopped", PLAN, "ana")
                        .experiment())
                .isEqualTo(reusing);
    }

    @Test
    void givenTheLifecycle_whenItsDecisionWindowIsRead_thenDraftDecidesNothingAndTheStopEndsTheWindow() {
        registry.create(Experiment.batchVersusRealtime(key, "salt-1"), "", PLAN, "ana");
        assertThat(registry.find(key).orElseThrow().window()).isEqualTo(DecisionWindow.NEVER);

        registry.start(key, T0, "ana");
        assertThat(registry.find(key).orElseThrow().window()).isEqualTo(new DecisionWindow(true, T0, null));

        registry.stop(key, T0.plusSeconds(60), "ana");
        assertThat(registry.find(key).orElseThrow().window())
                .isEqualTo(new DecisionWindow(true, T0, T0.plusSeconds(60)));
    }

    @Test
    void givenAStartedExperiment_whenItsArmsOrPlanWouldChange_thenRefusedSayingWhy() {
        registry.create(Experiment.batchVersusRealtime(key, "salt-1"), "", PLAN, "ana");
        RegisteredExperiment started = registry.start(key, T0, "ops");

        assertThat(started.status()).isEqualTo(ExperimentStatus.RUNNING);
        assertThat(started.startedAt()).isEqualTo(T0);
        assertThat(started.plannedEnd()).isEqualTo(T0.plus(Duration.ofDays(14)));
        assertThatThrownBy(() -> registry.create(Experiment.batchVersusRealtime(key, "salt-1"), "", PLAN, "ana"))
                .isInstanceOf(LifecycleViolation.class)
                .hasMessageContaining("is running since " + T0)
                .hasMessageContaining("cannot change after the start")
                .hasMessageContaining("create a new experiment with another key");
        assertThatThrownBy(() -> registry.start(key, T0.plusSeconds(60), "ops"))
                .isInstanceOf(LifecycleViolation.class)
                .hasMessageContaining("an experiment starts once");
    }

    @Test
    void givenTheLifecycle_whenStoppedOutOfOrder_thenRefused_andEveryChangeIsAudited() {
        assertThatThrownBy(() -> registry.start(key, T0, "ops"))
                .isInstanceOf(LifecycleViolation.class)
                .hasMessageContaining("no experiment '" + key + "'");
        registry.create(Experiment.batchVersusRealtime(key, "salt-1"), "", PLAN, "ana");
        assertThatThrownBy(() -> registry.stop(key, T0, "ops"))
                .isInstanceOf(LifecycleViolation.class)
                .hasMessageContaining("it is draft");
        registry.start(key, T0, "ops");

        RegisteredExperiment stopped = registry.stop(key, T0.plus(Duration.ofDays(15)), "lead");

        assertThat(stopped.status()).isEqualTo(ExperimentStatus.STOPPED);
        assertThat(stopped.stoppedAt()).isEqualTo(T0.plus(Duration.ofDays(15)));
        assertThatThrownBy(() -> registry.stop(key, T0.plus(Duration.ofDays(16)), "lead"))
                .isInstanceOf(LifecycleViolation.class)
                .hasMessageContaining("it is stopped");
        assertThat(registry.audit(key))
                .extracting(AuditEntry::actor, AuditEntry::action)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ana", "experiment.create"),
                        org.assertj.core.groups.Tuple.tuple("ops", "experiment.start"),
                        org.assertj.core.groups.Tuple.tuple("lead", "experiment.stop"));
    }

    @Test
    void givenAnExperimentDefinedByAStream_whenRead_thenItIsRunningWithoutAPlan() {
        new PostgresExperimentStore(db).define(Experiment.batchVersusRealtime(key, "kairos"));

        RegisteredExperiment found = registry.find(key).orElseThrow();

        assertThat(found.status()).isEqualTo(ExperimentStatus.RUNNING);
        assertThat(found.plan()).isEmpty();
    }
}
