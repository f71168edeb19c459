package io.kairos.app.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kairos.report.ReportFixtureDatabase;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in real headless Chromium: the page is loaded from {@code kairos serve}, its scripts run, and the
 * DOM Chromium ends with must hold every chart drawn (ECharts' SVG renderer) and the summary cards' numbers. Skipped
 * when no Chromium is installed ({@code .ci/run} installs Debian's {@code chromium}).
 */
class DashboardChromiumIT {

    static final List<String> CHARTS = List.of("lift-chart", "km-chart", "daily-chart", "latency-chart");

    static Path chromium;
    static ServedReport served;

    @TempDir
    Path profile;

    @BeforeAll
    static void serve() throws Exception {
        chromium = HeadlessChromium.find().orElse(null);
        assumeTrue(chromium != null, HeadlessChromium.MISSING);
        served = ServedReport.start("dashboard");
    }

    @AfterAll
    static void stop() {
        if (served != null) {
            served.close();
        }
    }

    @Test
    void givenTheExperimentsReport_whenChromiumLoadsItsDashboard_thenEveryChartIsDrawnAndTheCardsShowTheNumbers()
            throws Exception {
        String dom = renderedDom("/experiments/" + ReportFixtureDatabase.KEY);

        assertThat(dom).contains("id=\"report\" data-state=\"rendered\"");
        for (String chart : CHARTS) {
            assertThat(element(dom, chart)).as(chart).contains("data-state=\"rendered\"", "<svg");
        }
        assertThat(element(dom, "km-chart")).as("one curve per triggered arm").contains("realtime", "batch");
        String realtime = card(dom, "realtime");
        assertThat(realtime)
                .contains(
                        "data-metric=\"users_assigned\">3<",
                        "data-metric=\"users_converted\">2<",
                        "data-metric=\"conversion_rate_triggered\">100.0%<",
                        "data-metric=\"latency\">200 ms / 380 ms / 396 ms<");
        assertThat(card(dom, "batch")).contains("data-metric=\"users_assigned\">3<", "data-metric=\"latency\">n/a");
        assertThat(card(dom, "control")).contains("data-metric=\"users_assigned\">2<");
        assertThat(element(dom, "verdicts")).contains("<li>no significant difference in conversion");
        assertThat(dom)
                .as("the fixture's experiment has no plan, and the page says so")
                .contains("data-kind=\"no plan\"", "Analysis: no plan registered for this experiment");
        assertThat(dom).doesNotContain("Cannot show the report");
        assertThat(dom)
                .as("no campaign version was published: every decision is version 0's")
                .contains("<section id=\"campaign-versions\" hidden=\"\">");
    }

    @Test
    void givenDecisionsUnderAPublishedCampaignVersion_whenChromiumLoadsTheDashboard_thenItListsEachVersionsDecisions()
            throws Exception {
        try (ServedReport versioned = ServedReport.start("dashboard versions")) {
            try (var connection = versioned.fixture().dataSource().getConnection();
                    var update = connection.prepareStatement(
                            "update decision set campaign_version = 1 where mode = 'realtime' and user_id = ?")) {
                update.setString(1, versioned.fixture().realtime().get(1));
                assertThat(update.executeUpdate()).isOne();
            }

            String dom = HeadlessChromium.renderedDom(
                    chromium, profile, versioned.url("/experiments/" + ReportFixtureDatabase.KEY));

            String section = element(dom, "campaign-versions");
            assertThat(section).doesNotContain("hidden");
            assertThat(element(dom, "campaign-version-rows"))
                    .contains("<tr data-version=\"0\" data-arm=\"realtime\"><td>0</td><td>realtime</td><td>1</td>")
                    .contains("<tr data-version=\"1\" data-arm=\"realtime\"><td>1</td><td>realtime</td><td>1</td>");
        }
    }

    @Test
    void givenOneExperiment_whenChromiumLoadsThePicker_thenItLinksToTheExperimentsDashboard() throws Exception {
        String dom = renderedDom("/");

        assertThat(dom)
                .contains("data-state=\"rendered\"")
                .contains("href=\"/experiments/" + ReportFixtureDatabase.KEY + "\"");
    }

    String renderedDom(String path) throws IOException, InterruptedException {
        return HeadlessChromium.renderedDom(chromium, profile, served.url(path));
    }

    static String element(String dom, String id) {
        return HeadlessChromium.element(dom, id);
    }

    static String card(String dom, String arm) {
        Matcher card = Pattern.compile("<article class=\"card\" data-arm=\"" + arm + "\".*?</article>", Pattern.DOTALL)
                .matcher(dom);
        assertThat(card.find()).as("card of " + arm).isTrue();
        return card.group();
    }
}
