package io.kairos.batch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
 * night that failed or was missed widens nothing: catching up runs each missed cut-off in turn.
 */
public final class NightlyBatchRunner {

    private static final Logger LOG = LoggerFactory.getLogger(NightlyBatchRunner.class);

    private final JobOperator operator;
    private final JobRepository repository;
    private final Job job;
    private final NightlySchedule schedule;

    /** A runner of {@code job} through {@code operator}, reading history from {@code repository}. */
    public NightlyBatchRunner(JobOperator operator, JobRepository repository, Job job, NightlySchedule schedule) {
        this.operator = Objects.requireNonNull(operator, "operator");
        this.repository = Objects.requireNonNull(repository, "repository");
        this.job = Objects.requireNonNull(job, "job");
        this.schedule = Objects.requireNonNull(schedule, "schedule");
    }

    /**
     * Runs the cut-off: starts it, or resumes its failed or stopped execution where it stopped; a completed cut-off is
     * left as it is and its execution returned.
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

    /** Executes a completed cut-off again as a new job instance; idempotent writes make it change nothing. */
    public JobExecution rerun(String experimentKey, Instant cutoff) throws Exception {
        long rerun = 0;
        for (JobExecution execution : executions(experimentKey)) {
            NightlyJobParameters done = NightlyJobParameters.of(execution.getJobParameters());
            if (done.cutoff().equals(cutoff)) {
                rerun = Math.max(rerun, done.rerun());
            }
        }
        return operator.start(job, parameters(experimentKey, cutoff, rerun + 1).toJobParameters());
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
        Optional<JobExecution> previous = lastSuccessful(experimentKey, cutoff);
        Instant from = previous.map(
                        e -> NightlyJobParameters.of(e.getJobParameters()).cutoff())
                .orElse(Instant.EPOCH);
        long expectedUsers = previous.map(NightlyBatchRunner::usersProcessed).orElse(0L);
        return new NightlyJobParameters(
                experimentKey, cutoff, from, schedule.sendTimeFor(cutoff), rerun, expectedUsers);
    }

    private Optional<JobExecution> lastSuccessful(String experimentKey, Instant before) {
        JobExecution best = null;
        Instant bestCutoff = null;
        for (JobExecution execution : executions(experimentKey)) {
            if (execution.getStatus() != BatchStatus.COMPLETED) {
                continue;
            }
            Instant cutoff =
                    NightlyJobParameters.of(execution.getJobParameters()).cutoff();
            if (cutoff.isBefore(before) && (bestCutoff == null || cutoff.isAfter(bestCutoff))) {
                best = execution;
                bestCutoff = cutoff;
            }
        }
        return Optional.ofNullable(best).map(e -> repository.getJobExecution(e.getId()));
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
