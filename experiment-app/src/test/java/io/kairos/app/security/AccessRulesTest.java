package io.kairos.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The access table, row by row, including the addresses other parts of the platform serve. */
class AccessRulesTest {

    @ParameterizedTest(name = "{0} {1} needs {2}")
    @CsvSource({
        "GET, /, OPEN",
        "GET, /index.html, OPEN",
        "GET, /experiment.js, OPEN",
        "GET, /dashboard.css, OPEN",
        "GET, /webjars/echarts/5.3.1/dist/echarts.min.js, OPEN",
        "GET, /experiments/checkout, OPEN",
        "GET, /sdk/kairos.js, OPEN",
        "GET, /demo/store/index.html, OPEN",
        "GET, /actuator/health, OPEN",
        "GET, /actuator/health/liveness, OPEN",
        "POST, /api/v1/events, INGEST",
        "GET, /api/v1/events, DENIED",
        "GET, /api/v1/inbox, INGEST",
        "POST, /api/v1/inbox, DENIED",
        "GET, /actuator/prometheus, READ",
        "GET, /api/experiments, READ",
        "GET, /api/experiments/checkout/report, READ",
        "GET, /api/experiments/checkout/outcomes.csv, READ",
        "POST, /api/experiments, ADMIN",
        "PUT, /api/experiments/checkout, ADMIN",
        "DELETE, /api/experiments/checkout, ADMIN",
        "POST, /api/campaigns/spring/pause, ADMIN",
        "GET, /api/campaigns/versions, READ",
        "GET, /api/campaigns/diff, READ",
        "POST, /api/campaigns/versions, ADMIN",
        "POST, /api/campaigns/validate, ADMIN",
        "GET, /api/audit, READ",
        "POST, /api/audit, DENIED",
        "POST, /api/admin/keys, ADMIN",
        "GET, /actuator/env, ADMIN",
        "POST, /experiments/checkout, DENIED",
        "GET, /internal, DENIED",
        "GET, /a/b.js, DENIED"
    })
    void givenARequest_whenLookedUp_thenItNeedsTheTablesAccess(String method, String path, Access expected) {
        assertThat(AccessRules.standard(false).accessFor(method, path)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "open metrics: {0} {1} needs {2}")
    @CsvSource({"GET, /actuator/prometheus, OPEN", "GET, /actuator/env, ADMIN"})
    void givenOpenMetrics_whenLookedUp_thenOnlyPrometheusIsOpen(String method, String path, Access expected) {
        assertThat(AccessRules.standard(true).accessFor(method, path)).isEqualTo(expected);
    }
}
