package io.kairos.persistence.store;

import static io.kairos.persistence.jooq.Tables.EXPERIMENT;
import static io.kairos.persistence.jooq.Tables.EXPERIMENT_ARM;

import io.kairos.domain.experiment.Arm;
import io.kairos.domain.experiment.Experiment;
import io.kairos.domain.experiment.LayerRange;
import io.kairos.domain.port.out.ExperimentStore;
import io.kairos.persistence.jooq.Keys;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record4;

/**
 * Experiments in PostgreSQL ({@code experiment}, {@code experiment_arm}). Until the schema stores each arm's modes, an
 * arm's name gives them (migration V4.1): {@code batch} acts in batch mode, {@code realtime} in real time, any other
 * name in none; arms are read back in the order of their bucket ranges: control, batch, then the others by name.
 */
public final class PostgresExperimentStore implements ExperimentStore {

    /** The order of the arms' bucket ranges (migration V4.1): control, batch, then the other arms by name. */
    private static final Comparator<String> ARM_ORDER = Comparator.<String>comparingInt(name -> switch (name) {
                case "control" -> 0;
                case "batch" -> 1;
                default -> 2;
            })
            .thenComparing(Comparator.naturalOrder());

    private final DSLContext db;

    /** A store reading and writing through {@code db}. */
    public PostgresExperimentStore(DSLContext db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public void define(Experiment experiment) {
        requireStorable(experiment);
        db.transaction(tx -> {
            DSLContext t = tx.dsl();
            LayerRange layer = experiment.layer();
            int inserted = t.insertInto(
                            EXPERIMENT,
                            EXPERIMENT.EXPERIMENT_KEY,
                            EXPERIMENT.SALT,
                            EXPERIMENT.LAYER_KEY,
                            EXPERIMENT.LAYER_FROM,
                            EXPERIMENT.LAYER_TO)
                    .values(
                            experiment.key(),
                            experiment.salt(),
                            layer == null ? null : layer.layer(),
                            layer == null ? null : layer.from(),
                            layer == null ? null : layer.to())
                    .onConflictOnConstraint(Keys.EXPERIMENT_PK)
                    .doNothing()
                    .execute();
            if (inserted == 0) {
                Experiment stored = read(t, experiment.key()).orElseThrow();
                if (!stored.equals(experiment)) {
                    throw new ExperimentConflict(stored, experiment);
                }
                return;
            }
            for (Arm arm : experiment.arms()) {
                t.insertInto(EXPERIMENT_ARM, EXPERIMENT_ARM.EXPERIMENT_KEY, EXPERIMENT_ARM.ARM, EXPERIMENT_ARM.WEIGHT)
                        .values(experiment.key(), arm.name(), arm.weight())
                        .execute();
            }
        });
    }

    @Override
    public Optional<Experiment> find(String key) {
        return read(db, key);
    }

    static Optional<Experiment> read(DSLContext db, String key) {
        Record4<String, String, Integer, Integer> row = db.select(
                        EXPERIMENT.SALT, EXPERIMENT.LAYER_KEY, EXPERIMENT.LAYER_FROM, EXPERIMENT.LAYER_TO)
                .from(EXPERIMENT)
                .where(EXPERIMENT.EXPERIMENT_KEY.eq(key))
                .fetchOne();
        if (row == null) {
            return Optional.empty();
        }
        String salt = row.value1();
        LayerRange layer = row.value2() == null ? null : new LayerRange(row.value2(), row.value3(), row.value4());
        List<Arm> arms = new ArrayList<>();
        db
                .select(EXPERIMENT_ARM.ARM, EXPERIMENT_ARM.WEIGHT)
                .from(EXPERIMENT_ARM)
                .where(EXPERIMENT_ARM.EXPERIMENT_KEY.eq(key))
                .and(EXPERIMENT_ARM.WEIGHT.gt(0))
                .fetch()
                .stream()
                .sorted(Comparator.comparing(r -> r.value1(), ARM_ORDER))
                .forEach(r -> arms.add(Arm.named(r.value1(), r.value2())));
        return Optional.of(new Experiment(key, salt, arms, layer));
    }

    static void requireStorable(Experiment experiment) {
        String previous = null;
        for (Arm arm : experiment.arms()) {
            if (!arm.actsIn().equals(Arm.modesOfName(arm.name()))) {
                throw new IllegalArgumentException("arm '" + arm.name() + "' of experiment '" + experiment.key()
                        + "' cannot be stored: an arm's name gives its modes (batch: batch mode, realtime: real-time"
                        + " mode, any other name: none)");
            }
            if (previous != null && ARM_ORDER.compare(previous, arm.name()) > 0) {
                throw new IllegalArgumentException("the arms of experiment '" + experiment.key()
                        + "' must be declared in the order control, batch, then the others by name (their bucket"
                        + " ranges follow it)");
            }
            previous = arm.name();
        }
    }
}
