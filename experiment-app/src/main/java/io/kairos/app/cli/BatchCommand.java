package io.kairos.app.cli;

import io.kairos.app.batch.BatchProperties;
import io.kairos.app.batch.NightlyRunLock;
import io.kairos.app.batch.NightlyScheduler;
import io.kairos.app.batch.NightlySchedulerThread;
import io.kairos.batch.NightlyBatchRunner;
import io.kairos.batch.NightlyJobParameters;
import io.kairos.batch.NightlyProgress;
import io.kairos.domain.port.out.ExperimentStore;
import io.kairos.report.UnknownExperiment;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code kairos batch}: runs the nightly decision job once for a cut-off, or every night on its schedule until
 * SIGTERM.
 */
@Command(
        name = "batch",
        mixinStandardHelpOptions = true,
        description = {
            "Run the nightly batch: the campaign rules over the archived events of the period that ends at the cut-off,"
                    + " decisions for batch-arm users delivered at the configured send time (ghosts for the others).",
            "--cutoff runs once (resuming a failed run of that cut-off; a completed one is left alone unless --rerun);"
                    + " --schedule runs nightly at kairos.batch.run-at in kairos.batch.zone, catching up missed"
                    + " nights first, until Ctrl-C / SIGTERM.",
            "Exit code 0 when the run completed, 1 when it failed (run it again to resume), 2 for a wrong argument."
        })
public final class BatchCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    SpringArguments spring;

    @ArgGroup(exclusive = true, multiplicity = "1")
    When when;

    @Option(
            names = "--experiment",
            paramLabel = "KEY",
            description = "The experiment (default: kairos.batch.experiment, itself 'default').")
    String experiment;

    @Option(names = "--rerun", description = "With --cutoff: execute a completed cut-off again (changes nothing).")
    boolean rerun;

    /** Once for a cut-off, or on the schedule. */
    static final class When {
        @Option(
                names = "--cutoff",
                paramLabel = "INSTANT|DATE",
                description = "The cut-off: an instant (2026-11-28T02:00:00Z) or a date, meaning that day's"
                        + " scheduled run time.")
        String cutoff;

        @Option(names = "--schedule", description = "Run every night until stopped.")
        boolean schedule;
    }

    @Override
    public Integer call() throws Exception {
        Object requested = when.schedule ? null : parsedCutoff();
        Map<String, Object> defaults =
                Map.of("logging.level.io.kairos.batch", "INFO", "logging.level.io.kairos.app.batch", "INFO");
        ConfigurableApplicationContext context;
        try {
            context = SpringContexts.start(defaults, spring.springArguments());
        } catch (SpringContexts.StartFailure failure) {
            SpringContexts.printFailure(System.err, "batch", failure);
            return 1;
        }
        try (context) {
            BatchProperties properties = context.getBean(BatchProperties.class);
            String key = experiment != null ? experiment : properties.experiment();
            if (context.getBean(ExperimentStore.class).find(key).isEmpty()) {
                System.err.println("kairos batch: " + new UnknownExperiment(key).getMessage());
                return 2;
            }
            if (requested == null) {
                return schedule(context, key);
            }
            Instant cutoff =
                    requested instanceof LocalDate day ? properties.schedule().cutoffOn(day) : (Instant) requested;
            return once(context, key, cutoff);
        }
    }

    private int once(ConfigurableApplicationContext context, String key, Instant cutoff) throws Exception {
        NightlyBatchRunner runner = context.getBean(NightlyBatchRunner.class);
        JobExecution execution;
        try {
            execution = context.getBean(NightlyRunLock.class)
                    .runExclusively(key, () -> rerun ? runner.rerun(key, cutoff) : runner.run(key, cutoff));
        } catch (NightlyBatchRunner.NotRerunnableException e) {
            System.err.println("kairos batch: " + e.getMessage());
            return 2;
        }
        NightlyJobParameters parameters = NightlyJobParameters.of(execution.getJobParameters());
        System.out.printf(
                "Cut-off %s of experiment %s (events from %s, messages at %s): %s, execution %d%n  %s%n",
                parameters.cutoff(),
                key,
                parameters.from(),
                parameters.sendAt(),
                execution.getStatus(),
                execution.getId(),
                context.getBean(NightlyProgress.class).summary());
        if (execution.getStatus() != BatchStatus.COMPLETED) {
            System.err.println("kairos batch: the run ended " + execution.getStatus() + " ("
                    + execution
                            .getExitStatus()
                            .getExitDescription()
                            .lines()
                            .findFirst()
                            .orElse("no reason given")
                    + "); run the same command again to resume it");
            return 1;
        }
        return 0;
    }

    private int schedule(ConfigurableApplicationContext context, String key) throws InterruptedException {
        NightlySchedulerThread scheduler = NightlySchedulerThread.start(context.getBean(NightlyScheduler.class), key);
        context.addApplicationListener(event -> {
            if (event instanceof ContextClosedEvent) {
                try {
                    scheduler.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        scheduler.awaitStop();
        if (scheduler.failure().isPresent()) {
            System.err.println("kairos batch: the scheduler stopped: "
                    + scheduler.failure().get().getMessage());
            return 1;
        }
        return 0;
    }

    /** The cut-off as given: an instant, or a date whose scheduled run time is read from the configuration. */
    private Object parsedCutoff() {
        String value = this.when.cutoff;
        try {
            return value.contains("T") ? Instant.parse(value) : LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Invalid cut-off '" + value + "': give an instant such as 2026-11-28T02:00:00Z or a date such as"
                            + " 2026-11-28.");
        }
    }
}
