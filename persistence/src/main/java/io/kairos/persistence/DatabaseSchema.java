package io.kairos.persistence;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Applies the project's Flyway migrations (shipped in this module under {@code db/migration}) to a database. */
public final class DatabaseSchema {

    /** Where the migrations live on the classpath. */
    public static final String MIGRATIONS = "classpath:db/migration";

    private DatabaseSchema() {}

    /** Brings {@code dataSource} to the latest schema version and returns what Flyway did. */
    public static MigrateResult migrate(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations(MIGRATIONS)
                .load()
                .migrate();
    }
}
