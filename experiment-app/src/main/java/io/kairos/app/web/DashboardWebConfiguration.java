package io.kairos.app.web;

import io.kairos.domain.port.out.ExperimentRegistry;
import io.kairos.domain.port.out.ExperimentStore;
import io.kairos.http.AuditApi;
import io.kairos.http.CampaignAdminApi;
import io.kairos.http.DashboardPages;
import io.kairos.http.ExperimentAdminApi;
import io.kairos.http.ExperimentApi;
import io.kairos.http.ReportCache;
import io.kairos.persistence.store.PostgresCampaignVersionStore;
import io.kairos.report.ExperimentCatalog;
import io.kairos.report.PlannedReports;
import io.kairos.report.ReportJson;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.jooq.DSLContext;
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
    ReportCache reportCache(PlannedReports reports, ServeProperties properties) {
        return new ReportCache(
                (key, days) -> ReportJson.render(reports.report(key, days == null ? null : Duration.ofDays(days))),
                properties.reportTtl(),
                Clock.systemUTC());
    }

    @Bean
    ExperimentAdminApi experimentAdminApi(ExperimentRegistry registry) {
        return new ExperimentAdminApi(registry, Clock.systemUTC());
    }

    @Bean
    CampaignAdminApi campaignAdminApi(DSLContext db, ExperimentRegistry registry) {
        return new CampaignAdminApi(new PostgresCampaignVersionStore(db), registry, Clock.systemUTC());
    }

    @Bean
    AuditApi auditApi(ExperimentRegistry registry) {
        return new AuditApi(registry);
    }

    @Bean
    ExperimentApi experimentApi(
            ExperimentCatalog catalog, ExperimentStore experiments, ReportCache reports, PlannedReports planned) {
        return new ExperimentApi(catalog, experiments, reports, planned);
    }

    @Bean
    DashboardPages dashboardPages(ExperimentStore experiments) {
        return new DashboardPages(experiments);
    }
}
