package io.kairos.batch;

import io.kairos.domain.port.in.BatchRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * Launches the nightly job: one cut-off (starting it, resuming it after a failure, or leaving a completed one alone),
 * an explicit re-run of a completed cut-off, or every cut-off missed since the last successful run, in order.
 *
 * <p>The period of a run starts at the experiment's previous successful cut-off, read from the job repository, so a
 * night that failed or was missed widens nothing: catching up runs each missed cut-off in turn. For late data, a run
 * also re-reads the periods of the last {@code latePeriods} successful runs (see {@link NightlyJobParameters}).
 */
public final class NightlyBatchRunner {

    private static final Logger LOG = LoggerFactory.getLogger(NightlyBatchRunner.class);

    private final JobOperator operator;
    private final JobRepository repository;
    private final Job job;
    private final NightlySchedule schedule;
    private final int latePeriods;

    /**
     * A runner of {@code job} through {@code operator}, reading history from {@code repository}; each run re-reads the
     * periods of the {@code latePeriods} runs before it for events archived after those runs (0: none).
     */
    public NightlyBatchRunner(
            JobOperator operator, JobRepository repository, Job job, NightlySchedule schedule, int latePeriods) {
        this.operator = Objects.requireNonNull(operator, "operator");
        this.repository = Objects.requireNonNull(repository, "repository");
        this.job = Objects.requireNonNull(job, "job");
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        if (latePeriods < 0) {
            throw new IllegalArgumentException("latePeriods must not be negative: " + latePeriods);
        }
        this.latePeriods = latePeriods;
    }

    /**
     * Runs the cut-off: starts it, or resumes its failed or stopped execution where it stopped; a completed cut-off is
     * left as it is and its execution returned. An execution the repository still shows running was abandoned by a
     * process that died (the caller holds the experiment's run lock, so no other runs it): it is recovered as FAILED
     * and resumed.
     */
    public JobExecution run(String experimentKey, Instant cutoff) throws Exception {
        NightlyJobParameters parameters = parameters(experimentKey, cutoff, 0);
        JobExecution last = repository.getLastJobExecution(job.getName(), parameters.toJobParameters());
        if (last != null && last.getStatus() == BatchStatus.COMPLETED) {
            LOG.info(
                    "Cut-off {} of experiment {} already completed (execution {}): nothing to do",
                    cutoff,
                    experimentKey,
                    last.getId());
            return last;
        }
        if (last != null && last.getStatus().isRunning()) {
            // The caller holds the experiment's run lock, so no live process runs this execution: its process died
            // (SIGKILL, a lost machine) before it could record the end. Recovering marks it FAILED so it resumes.
            LOG.warn(
                    "Cut-off {} of experiment {}: execution {} was left {} by a process that died; recovering it"
                            + " as FAILED and resuming from its last committed chunk",
                    cutoff,
                    experimentKey,
                    last.getId(),
                    last.getStatus());
            last = operator.recover(last);
        }
        if (last != null && last.getStatus().isGreaterThan(BatchStatus.STARTED)) {
            LOG.info(
                    "Resuming cut-off {} of experiment {} after execution {} ended {}",
                    cutoff,
                    experimentKey,
                    last.getId(),
                    last.getStatus());
            return operator.restart(last);
        }
        return operator.start(job, parameters.toJobParameters());
    }

    /**
     * Executes a completed cut-off again as a new job instance; idempotent writes make it change nothing.
     *
     * @throws NotRerunnableException when the cut-off's read window starts before that of the experiment's latest
     *     successful run, whose last step pruned the snapshots such a re-run would start from
     */
    public JobExecution rerun(String experimentKey, Instant cutoff) throws Exception {
        long rerun = 0;
        for (JobExecution execution : executions(experimentKey)) {
            NightlyJobParameters done = NightlyJobParameters.of(execution.getJobParameters());
            if (done.cutoff().equals(cutoff)) {
                rerun = Math.max(rerun, done.rerun());
            }
        }
        NightlyJobParameters parameters = parameters(experimentKey, cutoff, rerun + 1);
        Optional<JobExecution> latest = lastSuccessful(experimentKey, Instant.MAX);
        if (latest.isPresent()) {
            Instant pruned =
                    NightlyJobParameters.of(latest.get().getJobParameters()).replayStart();
            if (parameters.replayStart().isBefore(pruned)) {
                throw new NotRerunnableException("cut-off " + cutoff + " of experiment " + experimentKey
                        + " can no longer be re-run: it starts from snapshots as of " + parameters.replayStart()
                        + ", pruned up to " + pruned + " by the run of cut-off " + cutoffOf(latest.get()));
            }
        }
        return operator.start(job, parameters.toJobParameters());
    }

    /** A re-run asked for a cut-off whose starting snapshots were pruned. */
    public static final class NotRerunnableException extends IllegalStateException {
        NotRerunnableException(String message) {
            super(message);
        }
    }

    /**
     * Runs, oldest first, every scheduled cut-off after the experiment's last successful one up to {@code now} (only
     * the latest one when the experiment never ran); stops at the first run that does not complete.
     */
    public List<JobExecution> catchUp(String experimentKey, Instant now) throws Exception {
        Optional<Instant> last = lastSuccessfulCutoff(experimentKey, Instant.MAX);
        List<Instant> due = last.isPresent()
                ? schedule.cutoffsBetween(last.get(), now)
                : List.of(schedule.latestCutoffAtOrBefore(now));
        if (due.size() > 1) {
            LOG.warn(
                    "Experiment {}: catching up {} missed runs, {} to {}",
                    experimentKey,
                    due.size(),
                    due.get(0),
                    due.get(due.size() - 1));
        }
        List<JobExecution> runs = new ArrayList<>();
        for (Instant cutoff : due) {
            JobExecution execution = run(experimentKey, cutoff);
            runs.add(execution);
            if (execution.getStatus() != BatchStatus.COMPLETED) {
                LOG.error(
                        "Experiment {}: the run for cut-off {} ended {}; later cut-offs wait for it",
                        experimentKey,
                        cutoff,
                        execution.getStatus());
                break;
            }
        }
        return runs;
    }

    /** The latest cut-off strictly before {@code before} that completed for the experiment. */
    public Optional<Instant> lastSuccessfulCutoff(String experimentKey, Instant before) {
        return lastSuccessful(experimentKey, before)
                .map(e -> NightlyJobParameters.of(e.getJobParameters()).cutoff());
    }

    private NightlyJobParameters parameters(String experimentKey, Instant cutoff, long rerun) {
        List<JobExecution> previous = successfulBefore(experimentKey, cutoff);
        Instant from = previous.isEmpty() ? Instant.EPOCH : cutoffOf(previous.get(0));
        int replayed = Math.min(latePeriods, previous.size());
        List<BatchRun> replay = new ArrayList<>();
        for (int i = replayed - 1; i >= 0; i--) {
            NightlyJobParameters earlier =
                    NightlyJobParameters.of(previous.get(i).getJobParameters());
            replay.add(earlier.batchRun());
        }
        Instant replayStart =
                replay.isEmpty() ? from : previous.size() > replayed ? cutoffOf(previous.get(replayed)) : Instant.EPOCH;
        long expectedUsers = previous.isEmpty()
                ? 0
                : usersProcessed(repository.getJobExecution(previous.get(0).getId()));
        return new NightlyJobParameters(
                experimentKey, cutoff, from, schedule.sendTimeFor(cutoff), replayStart, replay, rerun, expectedUsers);
    }

    private Optional<JobExecution> lastSuccessful(String experimentKey, Instant before) {
        List<JobExecution> previous = successfulBefore(experimentKey, before);
        return previous.isEmpty() ? Optional.empty() : Optional.of(previous.get(0));
    }

    /** The completed executions of cut-offs before {@code before}, one per cut-off, newest cut-off first. */
    private List<JobExecution> successfulBefore(String experimentKey, Instant before) {
        Map<Instant, JobExecution> byCutoff = new TreeMap<>(Comparator.reverseOrder());
        for (JobExecution execution : executions(experimentKey)) {
            Instant cutoff = cutoffOf(execution);
            if (execution.getStatus() == BatchStatus.COMPLETED && cutoff.isBefore(before)) {
                byCutoff.putIfAbsent(cutoff, execution);
            }
        }
        return new ArrayList<>(byCutoff.values());
    }

    private static Instant cutoffOf(JobExecution execution) {
        return NightlyJobParameters.of(execution.getJobParameters()).cutoff();
    }

    private List<JobExecution> executions(String experimentKey) {
        List<JobExecution> found = new ArrayList<>();
        for (JobInstance instance : repository.findJobInstances(job.getName())) {
            for (JobExecution execution : repository.getJobExecutions(instance)) {
                if (experimentKey.equals(execution.getJobParameters().getString(NightlyJobParameters.EXPERIMENT))) {
                    found.add(execution);
                }
            }
        }
        return found;
    }

    private static long usersProcessed(JobExecution execution) {
        long users = 0;
        for (StepExecution step : execution.getStepExecutions()) {
            if (step.getStepName().startsWith(NightlyDecisionJobConfiguration.USER_PERIOD_PARTITION_STEP)) {
                users += step.getReadCount();
            }
        }
        return users;
    }
}
