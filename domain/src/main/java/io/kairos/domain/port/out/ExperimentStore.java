package io.kairos.domain.port.out;

import io.kairos.domain.experiment.Experiment;
import java.util.Optional;

/** Outbound port: stores experiment definitions (key, salt, arms and weights), which every component assigns by. */
public interface ExperimentStore {

    /**
     * Defines an experiment. Defining the same experiment again changes nothing; defining a different one under a
     * key already taken throws {@link ExperimentConflict}, because users already assigned must keep their arm.
     */
    void define(Experiment experiment);

    /** The experiment with this key, if defined. */
    Optional<Experiment> find(String key);

    /** An experiment key is already defined differently. */
    final class ExperimentConflict extends RuntimeException {
        /** The conflict between the stored and the requested definition. */
        public ExperimentConflict(Experiment stored, Experiment requested) {
            super("experiment '" + requested.key() + "' is already defined differently (" + stored
                    + "); pick another key");
        }
    }
}
