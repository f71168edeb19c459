package io.kairos.persistence.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kairos.domain.experiment.Arm;
import io.kairos.domain.experiment.Experiment;
import io.kairos.domain.experiment.Mode;
import io.kairos.domain.port.out.ExperimentStore;
import io.kairos.persistence.TestDatabase;
import java.util.List;
import java.util.Set;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

/** The {@link ExperimentStore} contract against PostgreSQL, and what the schema cannot store. */
class PostgresExperimentStoreIT extends ExperimentStoreContract {

    private DSLContext db;

    @Override
    ExperimentStore emptyStore() {
        db = TestDatabase.shared();
        db.execute("truncate experiment cascade");
        return new PostgresExperimentStore(db);
    }

    @Test
    void givenArmWhoseModesItsNameDoesNotImply_whenDefined_thenRejectedWithTheReason() {
        Experiment experiment = new Experiment("odd", "s", List.of(new Arm("fast", 1, Set.of(Mode.REALTIME))));

        assertThatThrownBy(() -> new PostgresExperimentStore(db).define(experiment))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("arm 'fast' of experiment 'odd' cannot be stored");
    }

    @Test
    void givenHoldoutArm_whenDefinedAndFound_thenItActsInNoModeAndKeepsItsBucketOrder() {
        Experiment experiment = new Experiment(
                "holdout",
                "s",
                List.of(
                        new Arm("control", 10, Set.of()),
                        new Arm("batch", 40, Set.of(Mode.BATCH)),
                        new Arm("holdout", 10, Set.of()),
                        new Arm("realtime", 40, Set.of(Mode.REALTIME))));
        PostgresExperimentStore store = new PostgresExperimentStore(db);

        store.define(experiment);

        assertThat(store.find("holdout")).contains(experiment);
    }
}
