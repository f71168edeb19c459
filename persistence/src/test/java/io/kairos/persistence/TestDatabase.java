package io.kairos.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.kairos.testsupport.TestPostgres;
import io.kairos.testsupport.TestServers;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/** A migrated PostgreSQL database for integration tests and the benchmark, behind a small connection pool. */
public final class TestDatabase {

    private static DSLContext shared;

    private TestDatabase() {}

    /** The database the port contract tests share in this JVM (each test empties it first with {@link #empty}). */
    public static synchronized DSLContext shared() {
        if (shared == null) {
            shared = fresh("port contracts");
        }
        return shared;
    }

    /** A new, migrated database of its own. */
    public static DSLContext fresh(String purpose) {
        TestPostgres postgres = TestServers.postgres().freshDatabase(purpose);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.jdbcUrl());
        config.setUsername(postgres.username());
        config.setPassword(postgres.password());
        config.setMaximumPoolSize(4);
        config.setPoolName("test-" + purpose.replace(' ', '-'));
        HikariDataSource dataSource = new HikariDataSource(config);
        Runtime.getRuntime().addShutdownHook(new Thread(dataSource::close, "close-" + config.getPoolName()));
        DatabaseSchema.migrate(dataSource);
        return DSL.using(dataSource, SQLDialect.POSTGRES);
    }

    /** Removes every row the adapters write (the schema and the partitions stay). */
    public static void empty(DSLContext db) {
        db.execute("truncate user_event, user_state, pending_timer, decision, decision_outbox, consumer_offset,"
                + " batch_profile, batch_pending_timer");
    }
}
