package io.kairos.persistence;

import static io.kairos.persistence.jooq.Tables.EXPERIMENT;
import static io.kairos.persistence.jooq.Tables.EXPERIMENT_ARM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kairos.testsupport.TestPostgres;
import io.kairos.testsupport.TestServers;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

class ExperimentSchemaIT {

    static PGSimpleDataSource dataSource;
    static DSLContext db;

    @BeforeAll
    static void migrate() {
        TestPostgres postgres = TestServers.postgres().freshDatabase("experiment schema");
        dataSource = new PGSimpleDataSource();
        dataSource.setUrl(postgres.jdbcUrl());
        dataSource.setUser(postgres.username());
        dataSource.setPassword(postgres.password());
        assertThat(DatabaseSchema.migrate(dataSource).success).isTrue();
        db = DSL.using(dataSource, SQLDialect.POSTGRES);
    }

    @Test
    void givenMigratedDatabase_whenExperimentWithArmsStored_thenJooqReadsTheWeightsBack() {
        db.insertInto(EXPERIMENT, EXPERIMENT.EXPERIMENT_KEY, EXPERIMENT.SALT)
                .values("cart-2026", "s1")
                .execute();
        Map.of("control", 10, "batch", 45, "realtime", 45)
                .forEach((arm, weight) -> db.insertInto(EXPERIMENT_ARM)
                        .set(EXPERIMENT_ARM.EXPERIMENT_KEY, "cart-2026")
                        .set(EXPERIMENT_ARM.ARM, arm)
                        .set(EXPERIMENT_ARM.WEIGHT, weight)
                        .execute());

        Map<String, Integer> weights = db.select(EXPERIMENT_ARM.ARM, EXPERIMENT_ARM.WEIGHT)
                .from(EXPERIMENT_ARM)
                .join(EXPERIMENT)
                .on(EXPERIMENT.EXPERIMENT_KEY.eq(EXPERIMENT_ARM.EXPERIMENT_KEY))
                .where(EXPERIMENT.EXPERIMENT_KEY.eq("cart-2026"))
                .fetchMap(EXPERIMENT_ARM.ARM, EXPERIMENT_ARM.WEIGHT);

        assertThat(weights).containsExactlyInAnyOrderEntriesOf(Map.of("control", 10, "batch", 45, "realtime", 45));
    }

    @Test
    void givenMigratedDatabase_whenArmHasAnyNameTheDomainAllows_thenItIsStoredButAnEmptyNameIsRejected() {
        db.insertInto(EXPERIMENT, EXPERIMENT.EXPERIMENT_KEY, EXPERIMENT.SALT)
                .values("any-arm", "s2")
                .execute();

        db.insertInto(EXPERIMENT_ARM)
                .set(EXPERIMENT_ARM.EXPERIMENT_KEY, "any-arm")
                .set(EXPERIMENT_ARM.ARM, "weekly-digest-holdout-group")
                .set(EXPERIMENT_ARM.WEIGHT, 1)
                .execute();

        assertThat(db.fetchCount(EXPERIMENT_ARM, EXPERIMENT_ARM.EXPERIMENT_KEY.eq("any-arm")))
                .isOne();
        assertThatThrownBy(() -> db.insertInto(EXPERIMENT_ARM)
                        .set(EXPERIMENT_ARM.EXPERIMENT_KEY, "any-arm")
                        .set(EXPERIMENT_ARM.ARM, "")
                        .set(EXPERIMENT_ARM.WEIGHT, 1)
                        .execute())
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("experiment_arm_arm_ck");
    }

    @Test
    void givenMigratedDatabase_whenMigratedAgain_thenNothingIsApplied() {
        assertThat(DatabaseSchema.migrate(dataSource).migrationsExecuted).isZero();
    }
}
