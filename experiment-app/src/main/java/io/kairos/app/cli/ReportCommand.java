package io.kairos.app.cli;

import io.kairos.report.ExperimentReport;
import io.kairos.report.HtmlReport;
import io.kairos.report.PlannedReports;
import io.kairos.report.ReportJson;
import io.kairos.report.TerminalSummary;
import io.kairos.report.UnknownExperiment;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kairos report}: the experiment's metrics and comparisons as a table or JSON, plus optional CSV and HTML files. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = {
            "Compute an experiment's per-arm metrics in PostgreSQL and compare realtime, batch and control"
                    + " (definitions: docs/statistics.md, \"Report metrics\"). Prints a summary table by default.",
            "Exit code 0 on success, 1 when the database cannot be read, 2 for an unknown experiment."
        })
public final class ReportCommand implements Callable<Integer> {

    @Mixin
    SpringArguments spring;

    @Option(names = "--experiment", paramLabel = "KEY", required = true, description = "The experiment's key.")
    String experiment;

    @Option(
            names = "--attribution-days",
            paramLabel = "DAYS",
            description = "Days after a trigger in which a purchase counts as its conversion (default: the window of"
                    + " the experiment's analysis plan, or 7 without a plan). Any other window is reported as"
                    + " exploratory.")
    Integer attributionDays;

    @Option(names = "--json", description = "Print the report as JSON instead of the table.")
    boolean json;

    @Option(names = "--csv", paramLabel = "FILE", description = "Also write one CSV row per assigned user to FILE.")
    Path csv;

    @Option(
            names = "--html",
            paramLabel = "FILE",
            description = "Also write a self-contained HTML report (inline CSS and SVG charts) to FILE.")
    Path html;

    @Override
    public Integer call() {
        if (attributionDays != null && attributionDays < 1) {
            System.err.println("kairos report: --attribution-days must be at least 1, was " + attributionDays);
            return 2;
        }
        Duration requested = attributionDays == null ? null : Duration.ofDays(attributionDays);
        Map<String, Object> defaults = Map.of(
                "spring.flyway.enabled", "false",
                "spring.kafka.admin.auto-create", "false",
                "spring.kafka.admin.fail-fast", "false");
        try (ConfigurableApplicationContext context = SpringContexts.start(defaults, spring.springArguments())) {
            PlannedReports reports = context.getBean(PlannedReports.class);
            ExperimentReport report = reports.report(experiment, requested);
            System.out.print(
                    json ? ReportJson.render(report) + System.lineSeparator() : TerminalSummary.render(report));
            if (html != null) {
                Files.writeString(html, HtmlReport.render(report), StandardCharsets.UTF_8);
                System.err.println("kairos report: wrote " + html);
            }
            if (csv != null) {
                try (Writer out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
                    long users = reports.writeOutcomes(experiment, requested, out);
                    System.err.println("kairos report: wrote " + users + " users to " + csv);
                }
            }
            return 0;
        } catch (UnknownExperiment e) {
            System.err.println("kairos report: " + e.getMessage());
            return 2;
        } catch (SpringContexts.StartFailure failure) {
            SpringContexts.printFailure(System.err, "report", failure);
            return 1;
        } catch (IOException | RuntimeException e) {
            System.err.println("kairos report: " + e.getMessage());
            return 1;
        }
    }
}
