package io.kairos.persistence.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kairos.domain.experiment.Arm;
import io.kairos.domain.experiment.Experiment;
import io.kairos.domain.experiment.Mode;
import io.kairos.domain.port.out.ExperimentStore;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link ExperimentStore}, run against the in-memory fake and the PostgreSQL adapter. */
abstract class ExperimentStoreContract {

    private ExperimentStore store;

    /** An empty store. */
    abstract ExperimentStore emptyStore();

    @BeforeEach
    void setUp() {
        store = emptyStore();
    }

    @Test
    void givenDefinedExperiment_whenFound_thenKeySaltArmsWeightsAndModesAsDefined() {
        Experiment experiment = new Experiment(
                "checkout",
                "s1",
                List.of(
                        new Arm("control", 20, Set.of()),
                        new Arm("batch", 30, Set.of(Mode.BATCH)),
                        new Arm("realtime", 50, Set.of(Mode.REALTIME))));

        store.define(experiment);

        assertThat(store.find("checkout")).contains(experiment);
        assertThat(store.find("other")).isEmpty();
    }

    @Test
    void givenDefinedExperiment_whenDefinedAgainIdentically_thenNothingChanges() {
        Experiment experiment = Experiment.batchVersusRealtime("checkout", "s1");
        store.define(experiment);

        store.define(experiment);

        assertThat(store.find("checkout")).contains(experiment);
    }

    @Test
    void givenDefinedExperiment_whenDefinedWithOtherWeights_thenConflictAndTheFirstStays() {
        Experiment first = Experiment.batchVersusRealtime("checkout", "s1");
        store.define(first);
        Experiment other = new Experiment(
                "checkout",
                "s1",
                List.of(new Arm("batch", 50, Set.of(Mode.BATCH)), new Arm("realtime", 50, Set.of(Mode.REALTIME))));

        assertThatThrownBy(() -> store.define(other))
                .isInstanceOf(ExperimentStore.ExperimentConflict.class)
                .hasMessageContaining("'checkout' is already defined differently");
        assertThat(store.find("checkout")).contains(first);
    }
}
