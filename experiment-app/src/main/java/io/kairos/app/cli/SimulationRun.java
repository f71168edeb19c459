package io.kairos.app.cli;

import io.kairos.app.demo.EventLogFile;
import io.kairos.app.demo.FullPathDriver;
import io.kairos.app.demo.FullPathRun;
import io.kairos.app.demo.FullPathSettings;
import io.kairos.app.demo.ProgressBar;
import io.kairos.app.demo.Replay;
import io.kairos.app.streaming.StreamingProperties;
import io.kairos.domain.campaign.CampaignFile;
import io.kairos.domain.event.EventValidator;
import io.kairos.domain.event.UserEvent;
import io.kairos.domain.experiment.AnalysisPlan;
import io.kairos.domain.experiment.Experiment;
import io.kairos.report.ExperimentReport;
import io.kairos.report.HtmlReport;
import io.kairos.report.PlannedReports;
import io.kairos.report.ReportJson;
import io.kairos.report.TerminalSummary;
import io.kairos.simulator.FastPathDriver;
import io.kairos.simulator.SimulationParameters;
import io.kairos.simulator.SimulationResult;
import io.kairos.simulator.SimulationSummary;
import io.kairos.simulator.Simulator;
import io.kairos.streaming.wire.EventDecoder;
import io.kairos.streaming.wire.EventSchemas;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What {@code demo} and {@code simulate} share: run the simulator (or replay a log) against the real platform in an
 * application context configured for the run, then report from PostgreSQL; or run the in-process fast path.
 */
final class SimulationRun {

    private final String command;
    private final PrintStream out;
    private final PrintStream err;

    SimulationRun(String command, PrintStream out, PrintStream err) {
        this.command = Objects.requireNonNull(command, "command");
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
    }

    /** The properties that run embedded servers of a run's own under {@code dataDir}, on free ports. */
    static Map<String, Object> embeddedServersIn(Path dataDir) {
        return Map.of(
                "kairos.data-dir", dataDir.toString(),
                "kairos.embedded.postgres-port", "0",
                "kairos.embedded.kafka-port", "0");
    }

    /** Where and how a full-path run writes its results. */
    record Outputs(Path html, Path json, Path exportEvents) {}

    /**
     * The simulator against the real adapters: starts the context with the run's properties, runs every window, and
     * prints the report. Returns the exit code.
     */
    int fullPath(
            SimulationParameters parameters,
            FullPathSettings settings,
            Map<String, Object> contextProperties,
            List<String> springArguments,
            Outputs outputs) {
        Experiment experiment = settings.experiment();
        err.printf(
                "kairos %s: experiment %s, %,d users, %d + %d days from %s, windows of %s, arms %s%n",
                command,
                experiment.key(),
                parameters.users(),
                parameters.enrolmentPeriod().toDays(),
                parameters.attributionWindow().toDays(),
                parameters.start(),
                parameters.window(),
                arms(experiment));
        return onPlatform(
                "run",
                settings,
                parameters.start(),
                parameters.end(),
                parameters.attributionWindow(),
                contextProperties,
                springArguments,
                outputs,
                (driver, progress) ->
                        new Simulator(parameters).run(driver, progress).events());
    }

    /** Replays a recorded event log through the real platform under a new experiment, then reports. */
    int replay(
            Path log,
            Duration window,
            Duration attributionWindow,
            FullPathSettings settings,
            Map<String, Object> contextProperties,
            List<String> springArguments,
            Outputs outputs) {
        List<UserEvent> events;
        try {
            events = EventLogFile.read(
                    log,
                    new EventDecoder(
                            EventSchemas.load(), new EventValidator(Duration.ofDays(365L * 100), "EUR"), 1 << 20));
        } catch (EventLogFile.InvalidEventLog e) {
            err.println("kairos " + command + ": " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("kairos " + command + ": cannot read " + log + ": " + e.getMessage());
            return 2;
        }
        if (events.isEmpty()) {
            err.println("kairos " + command + ": " + log + " holds no events");
            return 2;
        }
        Instant start = events.stream()
                .map(UserEvent::occurredAt)
                .min(Instant::compareTo)
                .orElseThrow();
        Replay replay = new Replay(window);
        Instant end = replay.end(events, start);
        err.printf(
                "kairos %s: replaying %,d events from %s under experiment %s%n",
                command, events.size(), log, settings.experiment().key());
        return onPlatform(
                "replay",
                settings,
                start,
                end,
                attributionWindow,
                contextProperties,
                springArguments,
                new Outputs(outputs.html(), outputs.json(), null),
                (driver, progress) -> {
                    replay.run(events, start, end, driver, progress);
                    return events;
                });
    }

    /** What a run does with the platform's driver; returns the events it handed over. */
    private interface Drive {
        List<UserEvent> run(FullPathDriver driver, ProgressBar progress);
    }

    /**
     * Starts the run's context, opens the driver, lets {@code drive} use it, then exports the events if asked and
     * reports. Returns the exit code: 2 when the database already holds the period, 1 when the platform failed.
     */
    private int onPlatform(
            String what,
            FullPathSettings settings,
            Instant start,
            Instant end,
            Duration attributionWindow,
            Map<String, Object> contextProperties,
            List<String> springArguments,
            Outputs outputs,
            Drive drive) {
        try (ConfigurableApplicationContext context = start(settings, contextProperties, springArguments)) {
            ProgressBar progress = ProgressBar.onStandardError(start, end);
            List<UserEvent> events;
            AnalysisPlan plan = new AnalysisPlan(
                    "conversion",
                    List.of("click_through", "time_to_conversion"),
                    attributionWindow,
                    Duration.between(start, end),
                    0.05,
                    0.10,
                    0.8);
            try (FullPathDriver driver = FullPathRun.open(context, settings, start, end, plan)) {
                events = drive.run(driver, progress);
                err.printf(
                        "kairos %s: %,d events through Kafka, %,d decisions, %d nightly runs%n",
                        command,
                        driver.eventsProduced(),
                        driver.decisionsRead(),
                        driver.batchRuns().size());
                err.printf("kairos %s: %s%n", command, driver.timings());
            } catch (RuntimeException e) {
                progress.interrupted();
                throw e;
            }
            if (outputs.exportEvents() != null) {
                EventLogFile.write(events, outputs.exportEvents());
                err.printf("kairos %s: wrote %,d events to %s%n", command, events.size(), outputs.exportEvents());
            }
            report(context, settings.experiment().key(), attributionWindow, outputs);
            return 0;
        } catch (FullPathRun.PeriodInUse e) {
            err.println("kairos " + command + ": " + e.getMessage());
            return 2;
        } catch (SpringContexts.StartFailure failure) {
            SpringContexts.printFailure(err, command, failure);
            return 1;
        } catch (IOException | RuntimeException e) {
            err.println("kairos " + command + ": the " + what + " failed: " + StartupProblem.explain(e));
            return 1;
        }
    }

    /** The in-process fast path: the same model and engine, no servers; prints the simulator's own comparison. */
    int fastPath(SimulationParameters parameters, Experiment experiment, SimulationOptions options, Outputs outputs) {
        ProgressBar progress = ProgressBar.onStandardError(parameters.start(), parameters.end());
        SimulationResult result;
        try (FastPathDriver driver =
                new FastPathDriver(CampaignFile.defaults(), experiment, options.fastPathSettings())) {
            result = new Simulator(parameters).run(driver, progress);
        }
        out.print(SimulationSummary.render(result));
        if (outputs.exportEvents() != null) {
            try {
                EventLogFile.write(result.events(), outputs.exportEvents());
            } catch (IOException e) {
                err.println("kairos " + command + ": cannot write " + outputs.exportEvents() + ": " + e.getMessage());
                return 1;
            }
            err.printf(
                    "kairos %s: wrote %,d events to %s%n",
                    command, result.events().size(), outputs.exportEvents());
        }
        return 0;
    }

    private ConfigurableApplicationContext start(
            FullPathSettings settings, Map<String, Object> contextProperties, List<String> springArguments) {
        // The run's properties go on the command line (they must beat application.properties), unless the user set
        // the same property there.
        Map<String, Object> run = new LinkedHashMap<>(settings.springProperties());
        run.putAll(contextProperties);
        List<String> arguments = new ArrayList<>(springArguments);
        run.forEach((name, value) -> {
            if (springArguments.stream().noneMatch(a -> a.startsWith("--" + name + "="))) {
                arguments.add("--" + name + "=" + value);
            }
        });
        ConfigurableApplicationContext context = SpringContexts.start(Map.of(), arguments);
        StreamingProperties streaming = context.getBean(StreamingProperties.class);
        if (!streaming.experimentKey().equals(settings.experiment().key())) {
            context.close();
            throw new IllegalStateException("kairos.streaming.experiment-key is set to " + streaming.experimentKey()
                    + "; a simulated run sets it itself");
        }
        return context;
    }

    private void report(ConfigurableApplicationContext context, String key, Duration attribution, Outputs outputs)
            throws IOException {
        ExperimentReport report = context.getBean(PlannedReports.class).report(key, attribution);
        out.print(TerminalSummary.render(report));
        if (outputs.html() != null) {
            createParent(outputs.html());
            Files.writeString(outputs.html(), HtmlReport.render(report), StandardCharsets.UTF_8);
            err.println("kairos " + command + ": wrote the report to " + outputs.html());
        }
        if (outputs.json() != null) {
            createParent(outputs.json());
            Files.writeString(outputs.json(), ReportJson.render(report), StandardCharsets.UTF_8);
            err.println("kairos " + command + ": wrote the JSON report to " + outputs.json());
        }
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }

    private static String arms(Experiment experiment) {
        StringBuilder text = new StringBuilder();
        experiment
                .arms()
                .forEach(arm -> text.append(text.length() == 0 ? "" : " / ")
                        .append(arm.name())
                        .append(' ')
                        .append(arm.weight()));
        return text.toString();
    }
}
