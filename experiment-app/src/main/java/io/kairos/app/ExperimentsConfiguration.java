package io.kairos.app;

import io.kairos.domain.port.out.ExperimentRegistry;
import io.kairos.domain.port.out.ExperimentStore;
import io.kairos.persistence.store.PostgresExperimentRegistry;
import io.kairos.persistence.store.PostgresExperimentStore;
import org.jooq.DSLContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The experiment definitions every command assigns users by, stored in PostgreSQL. */
@Configuration(proxyBeanMethods = false)
public class ExperimentsConfiguration {

    /** Experiments in the {@code experiment} tables. */
    @Bean
    ExperimentStore experimentStore(DSLContext db) {
        return new PostgresExperimentStore(db);
    }

    /** Their plans, lifecycle and audit trail ({@code kairos experiment}). */
    @Bean
    ExperimentRegistry experimentRegistry(DSLContext db) {
        return new PostgresExperimentRegistry(db);
    }
}
