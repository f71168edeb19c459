package io.kairos.app.web;

import io.kairos.domain.port.out.ExperimentStore;
import io.kairos.http.DashboardPages;
import io.kairos.http.ExperimentApi;
import io.kairos.http.ReportCache;
import io.kairos.report.ExperimentCatalog;
import io.kairos.report.ExperimentReport;
import io.kairos.report.MetricsQuery;
import io.kairos.report.ReportJson;
import io.kairos.report.UserOutcomeExport;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The web layer's beans, added to the context by {@code kairos serve} only: the API, the pages, the report cache. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ServeProperties.class)
public class DashboardWebConfiguration {

    @Bean
    ExperimentCatalog experimentCatalog(DataSource dataSource) {
        return new ExperimentCatalog(dataSource);
    }

    @Bean
    ReportCache reportCache(MetricsQuery metrics, ServeProperties properties) {
        return new ReportCache(
                (key, days) -> ReportJson.render(ExperimentReport.of(metrics.read(key, Duration.ofDays(days)))),
                properties.reportTtl(),
                Clock.systemUTC());
    }

    @Bean
    ExperimentApi experimentApi(
            ExperimentCatalog catalog, ExperimentStore experiments, ReportCache reports, UserOutcomeExport outcomes) {
        return new ExperimentApi(catalog, experiments, reports, outcomes);
    }

    @Bean
    DashboardPages dashboardPages(ExperimentStore experiments) {
        return new DashboardPages(experiments);
    }
}
