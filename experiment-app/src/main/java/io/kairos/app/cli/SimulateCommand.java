package io.kairos.app.cli;

import io.kairos.domain.experiment.Experiment;
import io.kairos.simulator.SimulationParameters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kairos simulate}: a simulated experiment with every knob, on the real platform (or the in-process fast
 * path), with export of its event log and replay of a recorded one.
 */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = {
            "Run a simulated experiment: a synthetic population (docs/simulation.md) drives the real platform —"
                    + " events through Kafka to the real-time consumer and the archiver, the nightly Spring Batch job at"
                    + " each cut-off, decisions and outcomes in PostgreSQL — and the users react to the messages"
                    + " delivered. Ends with the report (docs/statistics.md).",
            "With embedded servers every run gets fresh ones under <data-dir>/simulations/<key>-<date>-<time>; reopen"
                    + " its report with 'kairos report --experiment KEY --data-dir <that directory>'.",
            "--fast runs the same model and rules in process, without servers (calibration studies); --replay FILE"
                    + " replays an exported event log through both modes instead of simulating.",
            "Exit code 0 on success, 1 when the platform failed, 2 for a wrong option or a database already holding"
                    + " the simulated period."
        })
public final class SimulateCommand implements Callable<Integer> {

    @Mixin
    SpringArguments spring;

    @Mixin
    SimulationOptions options;

    @Option(
            names = "--experiment",
            paramLabel = "KEY",
            description = "The experiment's key; with the seed it decides every user's arm (default: simulation)."
                    + " The run's topics and directory are named <key>-<date>-<time>.")
    String experiment;

    @Option(
            names = "--fast",
            description = "Run in process, without Kafka or PostgreSQL; prints the simulator's table.")
    boolean fast;

    @Option(
            names = "--export-events",
            paramLabel = "FILE",
            description = "Also write the generated event log to FILE, one activity message per line.")
    Path exportEvents;

    @Option(
            names = "--replay",
            paramLabel = "FILE",
            description = "Replay this event log (as written by --export-events) instead of simulating.")
    Path replay;

    @Option(names = "--html", paramLabel = "FILE", description = "Also write the self-contained HTML report to FILE.")
    Path html;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the JSON report to FILE.")
    Path json;

    @Override
    public Integer call() {
        String key = experiment != null ? experiment : "simulation";
        String runId = SimulationOptions.runId(key);
        Experiment definition = options.experiment(key);
        SimulationParameters parameters = options.parameters();
        SimulationRun run = new SimulationRun("simulate", System.out, System.err);
        SimulationRun.Outputs outputs = new SimulationRun.Outputs(html, json, exportEvents);
        if (fast) {
            if (replay != null) {
                System.err.println("kairos simulate: --replay runs through the platform; leave out --fast");
                return 2;
            }
            return run.fastPath(parameters, definition, options, outputs);
        }
        Path dataDir = spring.baseDataDir().resolve("simulations").resolve(runId);
        if (Files.exists(dataDir)) {
            System.err.println("kairos simulate: " + dataDir + " already exists: wait a second and run again");
            return 2;
        }
        Map<String, Object> properties = SimulationRun.embeddedServersIn(dataDir);
        if (replay != null) {
            return run.replay(
                    replay,
                    parameters.window(),
                    parameters.attributionWindow(),
                    options.fullPathSettings(definition, runId),
                    properties,
                    spring.propertyArguments(),
                    outputs);
        }
        return run.fullPath(
                parameters,
                options.fullPathSettings(definition, runId),
                properties,
                spring.propertyArguments(),
                outputs);
    }
}
