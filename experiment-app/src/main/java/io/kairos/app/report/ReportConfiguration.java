package io.kairos.app.report;

import io.kairos.app.batch.BatchProperties;
import io.kairos.domain.port.out.ExperimentRegistry;
import io.kairos.report.MetricsQuery;
import io.kairos.report.PlannedReports;
import io.kairos.report.UserOutcomeExport;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds the report's database readers from the context's PostgreSQL, with the enrolment cut-off of the configured
 * nightly schedule ({@code kairos.batch.run-at}, {@code send-at}, {@code zone}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ReportProperties.class, BatchProperties.class})
public class ReportConfiguration {

    @Bean
    MetricsQuery metricsQuery(DataSource dataSource, ReportProperties properties, BatchProperties batch) {
        return new MetricsQuery(dataSource, properties.slices(), longestDeliveryDelay(batch));
    }

    @Bean
    UserOutcomeExport userOutcomeExport(DataSource dataSource, BatchProperties batch) {
        return new UserOutcomeExport(dataSource, longestDeliveryDelay(batch));
    }

    /** Reports under each experiment's analysis plan, for every command and the API. */
    @Bean
    PlannedReports plannedReports(MetricsQuery metrics, UserOutcomeExport outcomes, ExperimentRegistry registry) {
        return new PlannedReports(metrics, outcomes, registry);
    }

    private static Duration longestDeliveryDelay(BatchProperties batch) {
        return batch.schedule().longestDeliveryDelay();
    }
}
