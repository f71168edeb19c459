package io.kairos.app.cli;

import io.kairos.domain.experiment.Experiment;
import io.kairos.simulator.SimulationParameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kairos demo}: the product in one command — a full simulated experiment (control / batch / realtime) on the
 * real platform with fresh embedded servers, ending in the comparison report.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Run a full simulated experiment on the real platform and print the comparison: a synthetic population"
                    + " (cart abandonment by default) sends events through Kafka; the real-time consumer, the archiver"
                    + " and the nightly Spring Batch job decide with the same rules; users react to what they receive;"
                    + " the report is computed from PostgreSQL.",
            "Embedded servers start fresh under <data-dir>/demo (removed at each demo); the HTML report goes to"
                    + " <data-dir>/demo-report.html. Every option of 'kairos simulate' that shapes the run works here.",
            "Exit code 0 on success, 1 when the platform failed, 2 for a wrong option."
        })
public final class DemoCommand implements Callable<Integer> {

    static final String EXPERIMENT = "demo";

    @Mixin
    SpringArguments spring;

    @Mixin
    SimulationOptions options;

    @Option(
            names = "--html",
            paramLabel = "FILE",
            description = "Where to write the HTML report (default <data-dir>/demo-report.html).")
    Path html;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the JSON report to FILE.")
    Path json;

    @Option(
            names = "--serve",
            description = "After the run, serve the web dashboard of the demo's experiment until Ctrl-C.")
    boolean serve;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "8080",
            description = "With --serve: the dashboard's HTTP port (default ${DEFAULT-VALUE}).")
    int port;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65_535) {
            System.err.println("kairos demo: --port must be from 0 to 65535, was " + port);
            return 2;
        }
        Experiment definition = options.experiment(EXPERIMENT);
        SimulationParameters parameters = options.parameters();
        Path base = spring.baseDataDir();
        Path dataDir = base.resolve("demo");
        try {
            deleteTree(dataDir);
        } catch (IOException | UncheckedIOException e) {
            System.err.println("kairos demo: cannot remove the previous demo's data under " + dataDir + ": " + e);
            return 1;
        }
        Map<String, Object> properties = SimulationRun.embeddedServersIn(dataDir);
        Path report = html != null ? html : base.resolve("demo-report.html");
        int exit = new SimulationRun("demo", System.out, System.err)
                .fullPath(
                        parameters,
                        options.fullPathSettings(definition, SimulationOptions.runId(EXPERIMENT)),
                        properties,
                        spring.propertyArguments(),
                        new SimulationRun.Outputs(report, json, null));
        if (exit != 0) {
            return exit;
        }
        System.err.println("kairos demo: open " + report + " in a browser; see the dashboard with 'kairos serve"
                + " --data-dir " + dataDir + "' or re-read the data with 'kairos report --experiment demo --data-dir "
                + dataDir + "'");
        if (!serve) {
            return 0;
        }
        List<String> arguments = new ArrayList<>(spring.propertyArguments());
        properties.forEach((name, value) -> arguments.add("--" + name + "=" + value));
        try {
            ServeCommand.serveUntilClosed(ServeCommand.start(port, arguments), "/experiments/" + EXPERIMENT);
            return 0;
        } catch (SpringContexts.StartFailure failure) {
            SpringContexts.printFailure(System.err, "demo", failure);
            return 1;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
