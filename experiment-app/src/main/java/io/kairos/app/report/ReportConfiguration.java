package io.kairos.app.report;

import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Builds the report's database readers from the context's PostgreSQL. */
@Configuration(proxyBeanMethods = false)
public class ReportConfiguration {

    @Bean
    MetricsQuery metricsQuery(DataSource dataSource) {
        return new MetricsQuery(dataSource);
    }

    @Bean
    UserOutcomeExport userOutcomeExport(DataSource dataSource) {
        return new UserOutcomeExport(dataSource);
    }
}
