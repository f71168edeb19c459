package io.kairos.app.report;

import javax.sql.DataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Builds the report's database readers from the context's PostgreSQL. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReportProperties.class)
public class ReportConfiguration {

    @Bean
    MetricsQuery metricsQuery(DataSource dataSource, ReportProperties properties) {
        return new MetricsQuery(dataSource, properties.slices());
    }

    @Bean
    UserOutcomeExport userOutcomeExport(DataSource dataSource) {
        return new UserOutcomeExport(dataSource);
    }
}
