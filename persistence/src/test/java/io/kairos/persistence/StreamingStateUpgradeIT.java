package io.kairos.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.testsupport.TestPostgres;
import io.kairos.testsupport.TestServers;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Upgrading a database to migration V22 (streaming state and timers per experiment) keeps the rows written before it
 * and gives them to the experiment that was being streamed: the one whose real-time decision was recorded last.
 */
class StreamingStateUpgradeIT {

    @Test
    void givenStateTimersAndRealtimeDecisionsOfTwoExperiments_whenUpgraded_thenTheRowsBelongToTheLastStreamedOne() {
        PGSimpleDataSource dataSource = databaseAtVersion21("upgrade with decisions");
        DSLContext db = DSL.using(dataSource, SQLDialect.POSTGRES);
        db.execute("insert into user_state (user_id, state) values ('u-1', '{}'), ('u-2', '{}')");
        db.execute("insert into pending_timer (user_id, timer_key, campaign_id, due_at, start_event)"
                + " values ('u-1', 'absence:cart', 'cart', '2026-11-28T12:30:00Z', '{}')");
        decision(db, "earlier", "realtime", "2026-11-28T10:00:00Z");
        decision(db, "streamed", "realtime", "2026-11-28T11:00:00Z");
        decision(db, "nightly", "batch", "2026-11-28T12:00:00Z");

        DatabaseSchema.migrate(dataSource);

        assertThat(db.fetch("select experiment_key || '/' || user_id from user_state order by user_id")
                        .getValues(0, String.class))
                .containsExactly("streamed/u-1", "streamed/u-2");
        assertThat(db.fetchValue("select experiment_key from pending_timer")).isEqualTo("streamed");
        db.execute("insert into user_state (experiment_key, user_id, state) values ('other', 'u-1', '{}')");
        assertThat(db.fetchValue("select count(*) from user_state where user_id = 'u-1'"))
                .as("another experiment keeps its own row of the same user")
                .isEqualTo(2L);
    }

    @Test
    void givenStateButNoRealtimeDecision_whenUpgraded_thenTheRowsBelongToTheDefaultExperiment() {
        PGSimpleDataSource dataSource = databaseAtVersion21("upgrade without decisions");
        DSLContext db = DSL.using(dataSource, SQLDialect.POSTGRES);
        db.execute("insert into user_state (user_id, state) values ('u-1', '{}')");

        DatabaseSchema.migrate(dataSource);

        assertThat(db.fetch("select experiment_key from user_state").getValues(0, String.class))
                .isEqualTo(List.of("default"));
    }

    private static PGSimpleDataSource databaseAtVersion21(String purpose) {
        TestPostgres postgres = TestServers.postgres().freshDatabase(purpose);
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(postgres.jdbcUrl());
        dataSource.setUser(postgres.username());
        dataSource.setPassword(postgres.password());
        Flyway.configure()
                .dataSource(dataSource)
                .locations(DatabaseSchema.MIGRATIONS)
                .target("21")
                .load()
                .migrate();
        return dataSource;
    }

    private static void decision(DSLContext db, String experiment, String mode, String recordedAt) {
        db.execute(
                "insert into decision (decision_id, mode, experiment_key, campaign_id, user_id, arm, status, ghost,"
                        + " trigger_event_id, trigger_at, decided_at, channel, payload, recorded_at)"
                        + " values (gen_random_uuid(), ?, ?, 'cart', 'u-1', 'realtime', 'ghost', true,"
                        + " gen_random_uuid(), ?::timestamptz, ?::timestamptz, 'email', '{}', ?::timestamptz)",
                mode,
                experiment,
                recordedAt,
                recordedAt,
                recordedAt);
    }
}
