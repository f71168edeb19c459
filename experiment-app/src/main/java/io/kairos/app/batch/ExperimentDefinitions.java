package io.kairos.app.batch;

import io.kairos.domain.experiment.Arm;
import io.kairos.domain.experiment.Experiment;
import io.kairos.domain.experiment.Mode;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/** Reads an experiment and its arms from the {@code experiment} tables into the domain's {@link Experiment}. */
public final class ExperimentDefinitions {

    private static final String EXPERIMENT = "select salt from experiment where experiment_key = ?";
    private static final String ARMS = "select arm, weight from experiment_arm where experiment_key = ?"
            + " order by case arm when 'control' then 0 when 'batch' then 1 else 2 end, arm";

    private final JdbcTemplate jdbc;

    /** Definitions read through {@code jdbc}. */
    public ExperimentDefinitions(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    /**
     * The experiment with this key; arms in the order control, batch, then the others by name (the order the
     * assignment's bucket ranges follow), an arm's modes implied by its name (migration V4.1). Fails with a sentence
     * when the experiment is not defined.
     */
    public Experiment experiment(String key) {
        List<String> salts = jdbc.queryForList(EXPERIMENT, String.class, key);
        if (salts.isEmpty()) {
            throw new UnknownExperimentException(key);
        }
        List<Arm> arms = jdbc.query(ARMS, (row, i) -> arm(row.getString(1), row.getInt(2)), key);
        return new Experiment(key, salts.get(0), arms);
    }

    private static Arm arm(String name, int weight) {
        Set<Mode> actsIn = switch (name) {
            case "batch" -> Set.of(Mode.BATCH);
            case "realtime" -> Set.of(Mode.REALTIME);
            default -> Set.of();
        };
        return new Arm(name, weight, actsIn);
    }

    /** The experiment a run was asked for is not defined in the database. */
    public static final class UnknownExperimentException extends RuntimeException {
        UnknownExperimentException(String key) {
            super("experiment '" + key + "' is not defined (table experiment): create it before running the batch");
        }
    }
}
