package io.kairos.batch;

import io.kairos.domain.port.out.UserEvents;
import io.kairos.domain.port.out.UserHashRange;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.time.Instant;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The nightly decision job: for one experiment and cut-off, every user with archived events in the period is run
 * through the rule engine (partitioned by user-hash range, in chunks), then every user who only has timers due; last,
 * the snapshots no run reads any more are deleted.
 *
 * <p>Needs a {@link JobRepository}, a {@link PlatformTransactionManager}, {@link NightlyJobPorts} and
 * {@link NightlyJobSettings} beans; the job is launched by {@link NightlyBatchRunner}.
 */
@Configuration(proxyBeanMethods = false)
public class NightlyDecisionJobConfiguration {

    /** The job's name in the job repository. */
    public static final String JOB_NAME = "nightlyDecisions";

    /** The partitioned step over the users with events. */
    public static final String USER_PERIODS_STEP = "userPeriods";

    /** The worker step of one user-hash partition. */
    public static final String USER_PERIOD_PARTITION_STEP = "userPeriodPartition";

    /** The step over the users who only have timers due. */
    public static final String DUE_TIMERS_STEP = "dueTimers";

    /** The step that deletes the snapshots no run reads any more. */
    public static final String PRUNE_SNAPSHOTS_STEP = "pruneSnapshots";

    /** The clock that times the job repository's calls made by this job. */
    @Bean
    public RepositoryClock nightlyRepositoryClock() {
        return new RepositoryClock();
    }

    /** The running totals of the current run. */
    @Bean
    public NightlyProgress nightlyProgress(ObjectProvider<MeterRegistry> registry) {
        return new NightlyProgress(registry.getIfAvailable(() -> Metrics.globalRegistry));
    }

    /** Progress and end-of-run report. */
    @Bean
    public NightlyRunReport nightlyRunReport(
            NightlyProgress nightlyProgress, RepositoryClock nightlyRepositoryClock, NightlyJobSettings settings) {
        return new NightlyRunReport(nightlyProgress, nightlyRepositoryClock, settings.progressInterval());
    }

    /** The job. */
    @Bean
    public Job nightlyDecisionJob(
            JobRepository jobRepository,
            PlatformTransactionManager transactionManager,
            NightlyJobSettings settings,
            RepositoryClock nightlyRepositoryClock,
            NightlyRunReport nightlyRunReport,
            ArchivedUserReader archivedUserReader,
            DueTimerUserReader dueTimerUserReader,
            NightlyDecisionWriter nightlyDecisionWriter,
            SnapshotPruning snapshotPruning) {
        JobRepository repository = nightlyRepositoryClock.timed(jobRepository);
        Step partition = new StepBuilder(USER_PERIOD_PARTITION_STEP, repository)
                .<UserEvents, UserEvents>chunk(settings.chunkSize())
                .transactionManager(transactionManager)
                .reader(archivedUserReader)
                .writer(nightlyDecisionWriter)
                .build();
        SimpleAsyncTaskExecutor partitionThreads = new SimpleAsyncTaskExecutor("nightly-partition-");
        partitionThreads.setConcurrencyLimit(settings.partitions());
        Step userPeriods = new StepBuilder(USER_PERIODS_STEP, repository)
                .partitioner(USER_PERIOD_PARTITION_STEP, new UserHashPartitioner())
                .step(partition)
                .gridSize(settings.partitions())
                .taskExecutor(partitionThreads)
                .build();
        Step dueTimers = new StepBuilder(DUE_TIMERS_STEP, repository)
                .<UserEvents, UserEvents>chunk(settings.chunkSize())
                .transactionManager(transactionManager)
                .reader(dueTimerUserReader)
                .writer(nightlyDecisionWriter)
                .build();
        Step pruneSnapshots = new StepBuilder(PRUNE_SNAPSHOTS_STEP, repository)
                .tasklet(snapshotPruning, transactionManager)
                .build();
        return new JobBuilder(JOB_NAME, repository)
                .listener(nightlyRunReport)
                .start(userPeriods)
                .next(dueTimers)
                .next(pruneSnapshots)
                .build();
    }

    /** One partition's reader: its user-hash range of the archived events from the replay start to the cut-off. */
    @Bean
    @StepScope
    public ArchivedUserReader archivedUserReader(
            NightlyJobPorts ports,
            NightlyJobSettings settings,
            @Value("#{jobParameters['" + NightlyJobParameters.REPLAY_START + "']}") String from,
            @Value("#{jobParameters['" + NightlyJobParameters.CUTOFF + "']}") String cutoff,
            @Value("#{stepExecutionContext['" + UserHashPartitioner.FROM_BUCKET + "']}") Integer fromBucket,
            @Value("#{stepExecutionContext['" + UserHashPartitioner.TO_BUCKET + "']}") Integer toBucket) {
        return new ArchivedUserReader(
                ports.archive(),
                Instant.parse(from),
                Instant.parse(cutoff),
                new UserHashRange(fromBucket, toBucket),
                settings.readAhead());
    }

    /** The reader of the users who only have timers due. */
    @Bean
    @StepScope
    public DueTimerUserReader dueTimerUserReader(
            NightlyJobPorts ports,
            @Value("#{jobParameters['" + NightlyJobParameters.EXPERIMENT + "']}") String experiment,
            @Value("#{jobParameters['" + NightlyJobParameters.CUTOFF + "']}") String cutoff) {
        return new DueTimerUserReader(ports.timers(), experiment, Instant.parse(cutoff));
    }

    /** The pruning of the snapshots older than this run's read window. */
    @Bean
    @StepScope
    public SnapshotPruning snapshotPruning(
            NightlyJobPorts ports, @Value("#{stepExecution.jobExecution.jobParameters}") JobParameters parameters) {
        NightlyJobParameters run = NightlyJobParameters.of(parameters);
        return new SnapshotPruning(ports, run.experimentKey(), run.replayStart());
    }

    /** The writer that drives the engine, bound to the run's parameters. */
    @Bean
    @StepScope
    public NightlyDecisionWriter nightlyDecisionWriter(
            NightlyJobPorts ports,
            NightlyProgress nightlyProgress,
            @Value("#{stepExecution.jobExecution.jobParameters}") JobParameters parameters) {
        return new NightlyDecisionWriter(ports, NightlyJobParameters.of(parameters), nightlyProgress);
    }
}
