package io.kairos.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.experiment.AnalysisPlan;
import io.kairos.domain.experiment.EnrolmentCutoff;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;

/**
 * Golden renderings of the fixture of {@link ReportFixtures}: the conversion lines carry R's numbers for 130/1000 vs
 * 100/1000 (+3.00 pp, 95% CI 0.21 to 5.79; lift +30.0%, 1.7% to 66.2%; p = 0.035, Holm-adjusted over the three
 * comparisons 0.106, so the verdict is "no significant difference"; ExperimentReportTest has R's values), the enrolment
 * cut-off is 7 d + 31 h before the observation end, the other figures were checked by hand against the fixture when
 * the golden files were written.
 */
class ReportRenderingTest {

    @Test
    void givenDecisionsUnderTwoCampaignVersions_whenRendered_thenEveryFormatBreaksThemDownByVersion() {
        ExperimentReport report = ExperimentReport.of(ReportFixtures.documentedConversions());

        assertThat(TerminalSummary.render(report))
                .contains("Campaign versions (the arms' own decisions under each")
                .contains("  version 0: batch 320 (300 delivered, 30 clicked), realtime 335 (310 delivered, 40"
                        + " clicked); decided from 2026-11-01T00:30:00Z to 2026-11-10T23:59:00Z\n")
                .contains("  version 1: batch 540 (500 delivered, 45 clicked), realtime 565 (520 delivered, 70"
                        + " clicked); decided from 2026-11-11T00:00:00Z to 2026-11-20T23:00:00Z\n");
        assertThat(ReportJson.render(report))
                .contains("\"campaign_versions\" : [ {\n    \"version\" : 0,\n    \"arm\" : \"batch\",")
                .contains("\"first_decided_at\" : \"2026-11-11T00:00:00Z\"");
        assertThat(HtmlReport.render(report)).contains("  version 1: batch 540 (500 delivered, 45 clicked)");
    }

    @Test
    void givenOnlyVersionZero_whenRenderedInTheTerminal_thenNoVersionSection() {
        ExperimentMetrics metrics = ReportFixtures.documentedConversions();
        ExperimentMetrics unversioned = new ExperimentMetrics(
                metrics.experimentKey(),
                metrics.observationEnd(),
                metrics.enrolment(),
                metrics.arms(),
                metrics.timesToConversion(),
                metrics.conversionsPerDay(),
                metrics.latencyHistograms(),
                metrics.campaignVersions().stream()
                        .filter(v -> v.version() == 0)
                        .toList());

        assertThat(TerminalSummary.render(ExperimentReport.of(unversioned))).doesNotContain("Campaign versions");
        assertThat(ReportJson.render(ExperimentReport.of(unversioned))).contains("\"campaign_versions\" : [ {");
    }

    @Test
    void givenTheDocumentedFixture_whenRenderingForTheTerminal_thenTheGoldenSummaryIsPrinted() throws IOException {
        String summary = TerminalSummary.render(ExperimentReport.of(ReportFixtures.documentedConversions()));

        assertThat(summary).isEqualTo(golden("summary.txt"));
        assertThat(summary)
                .contains("  conversion (triggered)   +3.00 pp (95% CI 0.21 to 5.79), relative +30.0% (1.7% to 66.2%)");
    }

    @Test
    void givenTheDocumentedFixture_whenRenderingAsJson_thenTheGoldenDocumentIsWritten() throws IOException {
        String json = ReportJson.render(ExperimentReport.of(ReportFixtures.documentedConversions()));

        assertThat(json).isEqualTo(golden("report.json"));
    }

    static final AnalysisPlan PLAN = new AnalysisPlan(
            "conversion", List.of("click_through"), Duration.ofDays(3), Duration.ofDays(28), 0.05, 0.1, 0.8);

    @Test
    void givenAReportOverAnotherWindowThanThePlans_whenRendered_thenEveryFormatLabelsItExploratory() {
        ExperimentReport report = ExperimentReport.of(ReportFixtures.documentedConversions())
                .withAnalysis(Analysis.of(Optional.of(PLAN), Duration.ofDays(7)));

        assertThat(TerminalSummary.render(report))
                .contains("Analysis: EXPLORATORY, not the pre-registered plan (attribution window 168 h instead of"
                        + " the plan's 72 h); the plan: primary conversion, attribution window 72 h, alpha 0.05,"
                        + " minimum detectable effect 10.0 %, power 0.8\n");
        assertThat(ReportJson.render(report))
                .contains("\"kind\" : \"exploratory\"", "\"exploratory\" : true")
                .contains("\"deviations\" : [ \"attribution window 168 h instead of the plan's 72 h\" ]")
                .contains("\"attribution_window_hours\" : 72.0");
        assertThat(HtmlReport.render(report))
                .contains("<p class=\"exploratory\"><strong>Analysis: EXPLORATORY, not the pre-registered plan");
    }

    @Test
    void givenAReportOverThePlansWindow_whenRendered_thenItIsThePreRegisteredAnalysis() {
        ExperimentReport planned = ExperimentReport.of(ReportFixtures.documentedConversions())
                .withAnalysis(Analysis.of(Optional.of(PLAN), Duration.ofDays(3)));
        assertThat(planned.analysis().kind()).isEqualTo("pre-registered");
        assertThat(TerminalSummary.render(planned))
                .contains("Analysis: the pre-registered plan (primary conversion, attribution window 72 h");
        assertThat(ReportJson.render(planned)).contains("\"kind\" : \"pre-registered\"", "\"exploratory\" : false");
        assertThat(HtmlReport.render(planned)).contains("<p><strong>Analysis: the pre-registered plan");
    }

    @Test
    void givenAnExperimentWithoutAPlan_whenRendered_thenItSaysSoAndReadsAsExploratory() {
        ExperimentReport report = ExperimentReport.of(ReportFixtures.documentedConversions());

        assertThat(report.analysis().kind()).isEqualTo("no plan");
        assertThat(TerminalSummary.render(report)).contains("Analysis: no plan registered for this experiment");
        assertThat(ReportJson.render(report)).contains("\"kind\" : \"no plan\"", "\"plan\" : null");
    }

    @Test
    void givenAnExperimentWithoutData_whenRenderingAsJson_thenUndefinedStatisticsAreNull() {
        ExperimentMetrics empty = new ExperimentMetrics(
                "k",
                null,
                new EnrolmentCutoff(Duration.ofDays(7), ReportFixtureDatabase.NIGHTLY_DELAY),
                List.of(ReportFixtures.arm("control", 10, 0, 0, 0, 0), ReportFixtures.arm("realtime", 90, 0, 0, 0, 0)),
                Map.of(),
                Map.of(),
                Map.of(),
                List.of());

        String json = ReportJson.render(ExperimentReport.of(empty));

        assertThat(json)
                .contains("\"observation_end\" : null")
                .contains("\"sample_ratio\" : null")
                .contains("\"conversion_triggered\" : null")
                .contains("\"revenue_per_visitor\" : null")
                .contains("\"time_to_conversion_all_arms\" : null")
                .contains("\"not enough data to compare conversion between realtime and control\"");
    }

    @Test
    void givenDurationsOfEveryScale_whenShownInTheTerminalColumn_thenEachFitsInFourCharactersWithItsUnit() {
        assertThat(DoubleStream.of(0.312, 9.94, 9.96, 45.2, 59.4, 59.6, 750, 3569, 3571, 9000, 83_400)
                        .mapToObj(s -> TerminalSummary.span(OptionalDouble.of(s)))
                        .toList())
                .containsExactly("0.3s", "9.9s", "10s", "45s", "59s", "1m", "13m", "59m", "1.0h", "2.5h", "23h");
        assertThat(TerminalSummary.span(OptionalDouble.empty())).isEqualTo("-");
    }

    @Test
    void givenFieldsWithSeparators_whenWritingCsv_thenTheyAreQuotedAsRfc4180Says() {
        assertThat(UserOutcomeExport.field("plain-id")).isEqualTo("plain-id");
        assertThat(UserOutcomeExport.field("a,b")).isEqualTo("\"a,b\"");
        assertThat(UserOutcomeExport.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(UserOutcomeExport.field("two\nlines")).isEqualTo("\"two\nlines\"");
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = ReportRenderingTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
