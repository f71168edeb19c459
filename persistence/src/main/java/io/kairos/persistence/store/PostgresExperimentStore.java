package io.kairos.persistence.store;

import static io.kairos.persistence.jooq.Tables.EXPERIMENT;
import static io.kairos.persistence.jooq.Tables.EXPERIMENT_ARM;

import io.kairos.domain.experiment.Arm;
import io.kairos.domain.experiment.Experiment;
import io.kairos.domain.experiment.Mode;
import io.kairos.domain.port.out.ExperimentStore;
import io.kairos.persistence.jooq.Keys;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;

/**
 * Experiments in PostgreSQL ({@code experiment}, {@code experiment_arm}). The schema knows three arms, each acting on
 * the mode of its name: {@code control} (none), {@code batch} and {@code realtime}; they are stored and read back in
 * that order, which is the order their bucket ranges follow.
 */
public final class PostgresExperimentStore implements ExperimentStore {

    private static final List<String> ARM_ORDER = List.of("control", "batch", "realtime");

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
            int inserted = t.insertInto(EXPERIMENT, EXPERIMENT.EXPERIMENT_KEY, EXPERIMENT.SALT)
                    .values(experiment.key(), experiment.salt())
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

    private static Optional<Experiment> read(DSLContext db, String key) {
        String salt = db.select(EXPERIMENT.SALT)
                .from(EXPERIMENT)
                .where(EXPERIMENT.EXPERIMENT_KEY.eq(key))
                .fetchOne(EXPERIMENT.SALT);
        if (salt == null) {
            return Optional.empty();
        }
        List<Arm> arms = new ArrayList<>();
        db
                .select(EXPERIMENT_ARM.ARM, EXPERIMENT_ARM.WEIGHT)
                .from(EXPERIMENT_ARM)
                .where(EXPERIMENT_ARM.EXPERIMENT_KEY.eq(key))
                .and(EXPERIMENT_ARM.WEIGHT.gt(0))
                .fetch()
                .stream()
                .sorted(Comparator.comparingInt(r -> ARM_ORDER.indexOf(r.value1())))
                .forEach(r -> arms.add(arm(r.value1(), r.value2())));
        return Optional.of(new Experiment(key, salt, arms));
    }

    private static Arm arm(String name, int weight) {
        return new Arm(name, weight, modesOf(name));
    }

    private static Set<Mode> modesOf(String name) {
        return switch (name) {
            case "batch" -> Set.of(Mode.BATCH);
            case "realtime" -> Set.of(Mode.REALTIME);
            default -> Set.of();
        };
    }

    private static void requireStorable(Experiment experiment) {
        int previous = -1;
        for (Arm arm : experiment.arms()) {
            int position = ARM_ORDER.indexOf(arm.name());
            if (position < 0 || !arm.actsIn().equals(modesOf(arm.name()))) {
                throw new IllegalArgumentException("arm '" + arm.name() + "' of experiment '" + experiment.key()
                        + "' cannot be stored: the arms are control (no mode), batch (batch mode) and realtime"
                        + " (real-time mode)");
            }
            if (position < previous) {
                throw new IllegalArgumentException("the arms of experiment '" + experiment.key()
                        + "' must be declared in the order control, batch, realtime (their bucket ranges follow it)");
            }
            previous = position;
        }
    }
}
