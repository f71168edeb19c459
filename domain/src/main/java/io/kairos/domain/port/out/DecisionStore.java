package io.kairos.domain.port.out;

import io.kairos.domain.decision.Decision;
import io.kairos.domain.experiment.Mode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Outbound port: records decisions, delivered, ghost and suppressed, once per id and mode. */
public interface DecisionStore {

    /**
     * Records decisions. A decision whose id and mode are already recorded is left as it is: ids are deterministic,
     * so re-processing the same trigger yields the same decision and recording it again changes nothing.
     */
    void record(List<Decision> decisions);

    /** The decision with this id computed by this mode, if recorded. */
    Optional<Decision> find(UUID id, Mode mode);

    /** The experiment's delivered decisions with {@code from <= deliveredAt < until}, by delivery time then id. */
    List<Decision> deliveredBetween(String experimentKey, Instant from, Instant until);
}
