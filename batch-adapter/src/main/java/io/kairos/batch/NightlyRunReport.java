package io.kairos.batch;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * Observes a nightly run: logs progress (users and events processed, ETA) while it runs, and at the end one line per
 * step (status, duration, read/write/commit/rollback counts, skips) and the job repository's share of the run time.
 */
public final class NightlyRunReport implements JobExecutionListener {

    private static final Logger LOG = LoggerFactory.getLogger(NightlyRunReport.class);

    private final NightlyProgress progress;
    private final RepositoryClock repositoryClock;
    private final Duration interval;
    private ScheduledExecutorService ticker;
    private Duration repositoryAtStart = Duration.ZERO;
    private long startNanos;

    /** A report over the run's shared progress and repository clock, logging progress every {@code interval}. */
    public NightlyRunReport(NightlyProgress progress, RepositoryClock repositoryClock, Duration interval) {
        this.progress = Objects.requireNonNull(progress, "progress");
        this.repositoryClock = Objects.requireNonNull(repositoryClock, "repositoryClock");
        this.interval = Objects.requireNonNull(interval, "interval");
    }

    @Override
    public void beforeJob(JobExecution execution) {
        NightlyJobParameters parameters = NightlyJobParameters.of(execution.getJobParameters());
        progress.start(parameters.expectedUsers());
        repositoryAtStart = repositoryClock.total();
        startNanos = System.nanoTime();
        LOG.info(
                "Nightly run {} of experiment {}: events in [{}, {}), messages at {}{}",
                execution.getId(),
                parameters.experimentKey(),
                parameters.from(),
                parameters.cutoff(),
                parameters.sendAt(),
                parameters.rerun() > 0 ? " (re-run " + parameters.rerun() + ")" : "");
        ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "nightly-progress");
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        ticker.scheduleAtFixedRate(
                () -> LOG.info("Progress: {}", progress.summary()), millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void afterJob(JobExecution execution) {
        ticker.shutdownNow();
        Duration total = Duration.ofNanos(System.nanoTime() - startNanos);
        for (StepExecution step : execution.getStepExecutions()) {
            LOG.info(
                    "Step {}: {} in {} ms, read {}, written {}, commits {}, rollbacks {}, skips {} (read {},"
                            + " process {}, write {})",
                    step.getStepName(),
                    step.getStatus(),
                    millisBetween(step.getStartTime(), step.getEndTime()),
                    step.getReadCount(),
                    step.getWriteCount(),
                    step.getCommitCount(),
                    step.getRollbackCount(),
                    step.getSkipCount(),
                    step.getReadSkipCount(),
                    step.getProcessSkipCount(),
                    step.getWriteSkipCount());
        }
        Duration repository = repositoryClock.total().minus(repositoryAtStart);
        LOG.info(
                "Nightly run {} {} in {} ms: {}; job repository {} ms ({}% of the run)",
                execution.getId(),
                execution.getStatus(),
                total.toMillis(),
                progress.summary(),
                repository.toMillis(),
                String.format("%.1f", total.isZero() ? 0.0 : 100.0 * repository.toNanos() / total.toNanos()));
    }

    /** The repository's share of the last run, as a fraction of its duration (for benchmarks). */
    public double lastRepositoryShare(Duration runDuration) {
        return runDuration.isZero()
                ? 0
                : (double) repositoryClock.total().minus(repositoryAtStart).toNanos() / runDuration.toNanos();
    }

    private static long millisBetween(LocalDateTime start, LocalDateTime end) {
        return start == null || end == null ? 0 : Duration.between(start, end).toMillis();
    }
}
