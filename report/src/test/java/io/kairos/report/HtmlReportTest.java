package io.kairos.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlReportTest {

    @Test
    void givenTheDocumentedFixture_whenRenderingHtml_thenTheRealtimeCurveStepsAtEachConversion() {
        String html = HtmlReport.render(ExperimentReport.of(ReportFixtures.documentedConversions()));

        // plot 560 x 220 px from (40, 40); 168 h wide: S = 1, 2/3 after 1 h, 1/3 after 2 h, flat to 168 h
        assertThat(html)
                .contains("stroke=\"#d62728\" d=\"M40.0 40.0 H43.3 V113.3 H46.7 V186.7 H600.0\"")
                .startsWith("<!DOCTYPE html>")
                .doesNotContain("<script", "<link", " src=")
                .contains("<li>no significant difference in conversion between realtime and batch (95% CI +0.2 to"
                        + " +5.8 pp, p = 0.035, Holm-adjusted p = 0.11)</li>")
                .contains("<p>Observed until 2026-11-28T00:00:00Z; enrolment cut-off 2026-11-19T17:00:00Z: only users"
                        + " first triggered by then are counted as triggered");
        assertThat(html.split("<circle", -1)).hasSize(4);
        assertThat(html).contains("<title>+30.0% (95% CI 1.7% to 66.2%)</title>");
    }

    @Test
    void givenTheDocumentedFixture_whenRenderingHtml_thenLatencyAndDailyConversionsAreTabulatedPerArm() {
        String html = HtmlReport.render(ExperimentReport.of(ReportFixtures.documentedConversions()));

        assertThat(html)
                .contains("<tr><th>latency</th><th>realtime</th></tr>")
                .contains("<tr><td>10&ndash;20 ms</td><td>3</td></tr>")
                .contains("<tr><td>&ge; 60000 ms</td><td>1</td></tr>")
                .contains("<tr><th>day</th><th>control</th><th>batch</th><th>realtime</th></tr>")
                .contains("<tr><td>2026-11-20</td><td>1</td><td>0</td><td>1</td></tr>")
                .contains("<tr><td>2026-11-21</td><td>0</td><td>1</td><td>1</td></tr>");
    }

    @Test
    void givenMarkupInAName_whenEscaping_thenItIsText() {
        assertThat(HtmlReport.escape("<a href='x'>&\"")).isEqualTo("&lt;a href=&#39;x&#39;&gt;&amp;&quot;");
    }
}
