package io.kairos.app;

import io.kairos.app.cli.BatchCommand;
import io.kairos.app.cli.CampaignsCommand;
import io.kairos.app.cli.DemoCommand;
import io.kairos.app.cli.DoctorCommand;
import io.kairos.app.cli.ExperimentCommand;
import io.kairos.app.cli.KeysCommand;
import io.kairos.app.cli.ReportCommand;
import io.kairos.app.cli.RetentionCommand;
import io.kairos.app.cli.ServeCommand;
import io.kairos.app.cli.SimulateCommand;
import io.kairos.app.cli.StatsCommand;
import io.kairos.app.cli.StreamCommand;
import io.kairos.app.cli.UpCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code kairos} command: parses the command line and runs one command. */
@Command(
        name = "kairos",
        mixinStandardHelpOptions = true,
        versionProvider = KairosVersion.class,
        description = {
            "Kairos runs experiments that compare nightly-batch and real-time personalization on the same rules.",
            "",
            "With no configuration, PostgreSQL and Kafka run embedded, with their data under ./data.",
            "Point at external servers with POSTGRES_JDBC_URL (plus POSTGRES_USER, POSTGRES_PASSWORD)"
                    + " and KAFKA_BOOTSTRAP_SERVERS, or the equivalent Spring properties."
        },
        subcommands = {
            DemoCommand.class,
            DoctorCommand.class,
            UpCommand.class,
            StreamCommand.class,
            BatchCommand.class,
            ReportCommand.class,
            SimulateCommand.class,
            StatsCommand.class,
            ServeCommand.class,
            RetentionCommand.class,
            KeysCommand.class,
            ExperimentCommand.class,
            CampaignsCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {"", "Run 'kairos help <command>' for the options of one command. Docs: README.md and docs/."})
public final class KairosCommandLine implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs {@code kairos} with the given arguments and exits with the command's exit code. */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs {@code kairos} with the given arguments and returns the exit code. */
    public static int execute(String... args) {
        return new CommandLine(new KairosCommandLine())
                .setUnmatchedOptionsArePositionalParams(true)
                .execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
