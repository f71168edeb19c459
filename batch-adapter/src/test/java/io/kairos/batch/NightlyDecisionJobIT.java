package io.kairos.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.kairos.domain.campaign.CampaignFile;
import io.kairos.domain.decision.Decision;
import io.kairos.domain.decision.engine.CampaignEngine;
import io.kairos.domain.decision.engine.EngineSettings;
import io.kairos.domain.event.EventProperties;
import io.kairos.domain.event.UserEvent;
import io.kairos.domain.experiment.Experiment;
import io.kairos.domain.experiment.Mode;
import io.kairos.domain.port.in.BatchRun;
import io.kairos.domain.port.out.BatchProfile;
import io.kairos.domain.port.out.BatchProfileStore;
import io.kairos.domain.port.out.DecisionOutbox;
import io.kairos.domain.port.out.DecisionStore;
import io.kairos.domain.port.out.OutboxMessage;
import io.kairos.domain.port.out.TimerStore;
import io.kairos.domain.port.out.UserStateStore;
import io.kairos.domain.port.out.inmemory.InMemoryBatchProfileStore;
import io.kairos.domain.port.out.inmemory.InMemoryDecisionOutbox;
import io.kairos.domain.port.out.inmemory.InMemoryDecisionStore;
import io.kairos.domain.port.out.inmemory.InMemoryEventArchive;
import io.kairos.domain.port.out.inmemory.InMemoryPendingTimerSnapshots;
import io.kairos.domain.port.out.inmemory.InMemoryTimerStore;
import io.kairos.domain.port.out.inmemory.InMemoryUserStateStore;
import io.kairos.testsupport.TestPostgres;
import io.kairos.testsupport.TestServers;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.configuration.support.JdbcDefaultBatchConfiguration;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The nightly job end to end: Spring Batch with its job repository in a real PostgreSQL, the domain's in-memory fakes
 * behind the ports, compared with the engine fed directly, night by night, batch-style.
 */
class NightlyDecisionJobIT {

    private static final String EXPERIMENT = "exp-nightly";
    private static final NightlySchedule SCHEDULE =
            new NightlySchedule(LocalTime.of(2, 0), LocalTime.of(8, 0), ZoneOffset.UTC);
    private static final LocalDate DAY_1 = LocalDate.of(2026, 11, 2);
    private static final Instant START = SCHEDULE.cutoffOn(DAY_1.minusDays(1));

    @Test
    void givenADayOfEvents_whenTheJobRuns_thenItRecordsWhatTheEngineDecidesFedDirectly() throws Exception {
        List<UserEvent> log = EventLogs.random(1, 120, 12, START, 1);
        Fakes fakes = new Fakes(log, 0);

        try (AnnotationConfigApplicationContext context = start(fakes)) {
            JobExecution execution = runner(context).run(EXPERIMENT, SCHEDULE.cutoffOn(DAY_1));

            assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        }

        Map<String, Decision> expected = reference(log, List.of(SCHEDULE.cutoffOn(DAY_1)));
        assertThat(expected.values()).anyMatch(d -> d.deliveredAt() != null).anyMatch(Decision::ghost);
        assertThat(fakes.decisions.all()).isEqualTo(expected);
        assertThat(fakes.decisions.all().values())
                .filteredOn(d -> d.deliveredAt() != null)
                .allMatch(d -> d.arm().equals("batch")
                        && d.deliveredAt().equals(SCHEDULE.sendTimeFor(SCHEDULE.cutoffOn(DAY_1))));
        assertThat(fakes.profiles.latest(EXPERIMENT, users(log), SCHEDULE.cutoffOn(DAY_1)))
                .hasSize(120);
        assertThat(fakes.enginesMadeForARun)
                .as("what a run reads once (its campaign versions) is read per partition and step, not per chunk of 25")
                .hasValueBetween(1, 3);
        assertThat(fakes.outbox.unpublished(Integer.MAX_VALUE))
                .extracting(OutboxMessage::decisionId)
                .containsExactlyInAnyOrderElementsOf(expected.values().stream()
                        .filter(d -> d.deliveredAt() != null)
                        .map(Decision::id)
                        .toList());
    }

    @Test
    void givenAFailureInTheMiddle_whenTheCutoffRunsAgain_thenItResumesAndEndsWithTheDecisionsOfAnUninterruptedRun()
            throws Exception {
        List<UserEvent> log = EventLogs.random(2, 300, 8, START, 1);
        Fakes fakes = new Fakes(log, 3);
        Instant cutoff = SCHEDULE.cutoffOn(DAY_1);

        try (AnnotationConfigApplicationContext context = start(fakes)) {
            JobExecution failed = runner(context).run(EXPERIMENT, cutoff);
            JobExecution resumed = runner(context).run(EXPERIMENT, cutoff);

            assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
            assertThat(resumed.getStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(resumed.getJobInstance().getId())
                    .isEqualTo(failed.getJobInstance().getId());
            assertThat(usersRead(resumed)).isGreaterThan(0).isLessThan(300);
            assertThat(usersRead(failed) + usersRead(resumed)).isGreaterThanOrEqualTo(300);
        }

        assertThat(fakes.decisions.all()).isEqualTo(reference(log, List.of(cutoff)));
    }

    @Test
    void givenARunWhoseProcessDiedMidStep_whenTheCutoffRunsAgain_thenItIsRecoveredAndResumedToTheSameDecisions()
            throws Exception {
        List<UserEvent> log = EventLogs.random(4, 300, 8, START, 1);
        Fakes fakes = new Fakes(log, 3);
        Instant cutoff = SCHEDULE.cutoffOn(DAY_1);

        try (AnnotationConfigApplicationContext context = start(fakes)) {
            JobExecution died = runner(context).run(EXPERIMENT, cutoff);
            // What SIGKILL leaves in the repository: the execution and its step still STARTED, without an end.
            JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
            jdbc.update(
                    "update batch_step_execution set status = 'STARTED', exit_code = 'EXECUTING', end_time = null"
                            + " where job_execution_id = ? and status = 'FAILED'",
                    died.getId());
            jdbc.update(
                    "update batch_job_execution set status = 'STARTED', exit_code = 'UNKNOWN', end_time = null"
                            + " where job_execution_id = ?",
                    died.getId());

            JobExecution resumed = runner(context).run(EXPERIMENT, cutoff);

            assertThat(resumed.getStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(resumed.getJobInstance().getId())
                    .isEqualTo(died.getJobInstance().getId());
            assertThat(usersRead(resumed))
                    .as("resumed, not started over")
                    .isGreaterThan(0)
                    .isLessThan(300);
            assertThat(context.getBean(JobRepository.class)
                            .getJobExecution(died.getId())
                            .getStatus())
                    .isEqualTo(BatchStatus.FAILED);
        }

        assertThat(fakes.decisions.all()).isEqualTo(reference(log, List.of(cutoff)));
    }

    @Test
    void givenACompletedCutoff_whenReRun_thenNothingChanges() throws Exception {
        List<UserEvent> log = EventLogs.random(3, 100, 10, START, 1);
        Fakes fakes = new Fakes(log, 0);
        Instant cutoff = SCHEDULE.cutoffOn(DAY_1);

        try (AnnotationConfigApplicationContext context = start(fakes)) {
            runner(context).run(EXPERIMENT, cutoff);
            Map<String, Decision> first = fakes.decisions.all();
            int newAfterFirst = fakes.decisions.newlyRecorded.get();
            Map<String, BatchProfile> profiles = fakes.profiles.latest(EXPERIMENT, users(log), cutoff);

            JobExecution again = runner(context).run(EXPERIMENT, cutoff);
            JobExecution rerun = runner(context).rerun(EXPERIMENT, cutoff);

            assertThat(again.getId()).isNotEqualTo(rerun.getId());
            assertThat(rerun.getStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(usersRead(rerun)).isEqualTo(100);
            assertThat(fakes.decisions.newlyRecorded.get()).isEqualTo(newAfterFirst);
            assertThat(fakes.decisions.all()).isEqualTo(first);
            assertThat(fakes.profiles.latest(EXPERIMENT, users(log), cutoff)).isEqualTo(profiles);
        }
    }

    @Test
    void givenMissedNights_whenCaughtUp_thenEachCutoffRunsInOrderAndTimersCrossCutoffsAsInOneEngine() throws Exception {
        List<JobExecution> caughtUp = catchUpThreeMissedNights(0);

        assertThat(caughtUp.get(0).getStepExecutions())
                .filteredOn(s -> s.getStepName().equals(NightlyDecisionJobConfiguration.DUE_TIMERS_STEP))
                .extracting(StepExecution::getWriteCount)
                .containsExactly(1L);
    }

    @Test
    void givenMissedNightsAndALateDataWindow_whenCaughtUp_thenTheReplayedPeriodsChangeNoDecision() throws Exception {
        List<JobExecution> caughtUp = catchUpThreeMissedNights(1);

        assertThat(caughtUp)
                .extracting(e ->
                        NightlyJobParameters.of(e.getJobParameters()).replay().size())
                .containsExactly(1, 1, 1);
    }

    /** Runs the first night, then catches up three; checks the decisions against the engine fed night by night. */
    private List<JobExecution> catchUpThreeMissedNights(int latePeriods) throws Exception {
        List<UserEvent> log = new ArrayList<>(EventLogs.random(4, 80, 30, START, 4));
        log.add(new UserEvent(
                new UUID(4, 4),
                "cart-left-before-cutoff",
                SCHEDULE.cutoffOn(DAY_1).minus(Duration.ofMinutes(10)),
                null,
                new EventProperties.AddToCart("p9", 1, 80, null)));
        Fakes fakes = new Fakes(log, 0);
        List<JobExecution> caughtUp;
        List<Instant> cutoffs = List.of(
                SCHEDULE.cutoffOn(DAY_1),
                SCHEDULE.cutoffOn(DAY_1.plusDays(1)),
                SCHEDULE.cutoffOn(DAY_1.plusDays(2)),
                SCHEDULE.cutoffOn(DAY_1.plusDays(3)));

        try (AnnotationConfigApplicationContext context = start(fakes)) {
            NightlyBatchRunner runner = runner(context, latePeriods);
            runner.run(EXPERIMENT, cutoffs.get(0));
            caughtUp = runner.catchUp(EXPERIMENT, cutoffs.get(3).plus(Duration.ofHours(5)));

            assertThat(caughtUp)
                    .extracting(
                            e -> NightlyJobParameters.of(e.getJobParameters()).cutoff())
                    .containsExactlyElementsOf(cutoffs.subList(1, 4));
            assertThat(caughtUp)
                    .extracting(
                            e -> NightlyJobParameters.of(e.getJobParameters()).from())
                    .containsExactlyElementsOf(cutoffs.subList(0, 3));
            assertThat(caughtUp).allMatch(e -> e.getStatus() == BatchStatus.COMPLETED);
            assertThat(runner.catchUp(EXPERIMENT, cutoffs.get(3).plus(Duration.ofHours(5))))
                    .isEmpty();
        }

        Map<String, Decision> expected = reference(log, cutoffs);
        assertThat(expected.values())
                .anyMatch(d -> d.userId().equals("cart-left-before-cutoff")
                        && d.decidedAt().isAfter(cutoffs.get(0))
                        && d.plannedDeliveryAt().equals(SCHEDULE.sendTimeFor(cutoffs.get(1))));
        assertThat(fakes.decisions.all()).isEqualTo(expected);
        return caughtUp;
    }

    @Test
    void givenEventsArchivedAfterTheirNightsRun_whenTheNextNightRuns_thenTheyAreFoldedIntoStateAndTriggerNothing()
            throws Exception {
        List<UserEvent> log = EventLogs.random(5, 60, 10, START, 2);
        Fakes fakes = new Fakes(log, 0);
        Instant first = SCHEDULE.cutoffOn(DAY_1);
        Instant second = SCHEDULE.cutoffOn(DAY_1.plusDays(1));
        UserEvent latePurchase = new UserEvent(
                new UUID(5, 1),
                "user-7",
                first.minus(Duration.ofHours(3)),
                null,
                new EventProperties.Purchase("late-order", 99, "EUR"));
        UserEvent lateCart = new UserEvent(
                new UUID(5, 2),
                "only-late",
                first.minus(Duration.ofHours(2)),
                null,
                new EventProperties.AddToCart("p1", 2, 30, null));

        int purchasesBefore;
        try (AnnotationConfigApplicationContext context = start(fakes)) {
            runner(context).run(EXPERIMENT, first);
            purchasesBefore = fakes.profiles
                    .latest(EXPERIMENT, Set.of("user-7"), first)
                    .get("user-7")
                    .state()
                    .lifetimePurchases();
            fakes.archive.append(List.of(latePurchase, lateCart));
            JobExecution next = runner(context).run(EXPERIMENT, second);

            assertThat(NightlyJobParameters.of(next.getJobParameters()).replay())
                    .extracting(BatchRun::cutoff)
                    .containsExactly(first);
        }

        int purchasesOfDayTwo = (int) log.stream()
                .filter(e -> e.userId().equals("user-7")
                        && !e.occurredAt().isBefore(first)
                        && e.occurredAt().isBefore(second)
                        && e.type().equals("purchase"))
                .count();
        Map<String, BatchProfile> profiles = fakes.profiles.latest(EXPERIMENT, Set.of("user-7", "only-late"), second);
        assertThat(profiles.get("user-7").state().purchases())
                .anyMatch(p -> p.orderId().equals("late-order"));
        assertThat(profiles.get("user-7").state().lifetimePurchases())
                .isEqualTo(purchasesBefore + purchasesOfDayTwo + 1);
        assertThat(profiles.get("only-late").state().cart().items()).isEqualTo(2);
        assertThat(fakes.decisions.all().values())
                .noneMatch(d -> d.triggerEventId().equals(latePurchase.eventId())
                        || d.triggerEventId().equals(lateCart.eventId()));
    }

    /** The engine fed directly, night by night, with state and timers kept in memory between nights. */
    private static Map<String, Decision> reference(List<UserEvent> log, List<Instant> cutoffs) {
        InMemoryUserStateStore states = new InMemoryUserStateStore();
        InMemoryTimerStore timers = new InMemoryTimerStore();
        CampaignEngine engine = (CampaignEngine) engine(EXPERIMENT, states, timers);
        Map<String, Decision> decisions = new TreeMap<>();
        Instant from = Instant.EPOCH;
        for (Instant cutoff : cutoffs) {
            BatchRun run = new BatchRun(cutoff, SCHEDULE.sendTimeFor(cutoff));
            Map<String, List<UserEvent>> byUser = new TreeMap<>();
            for (UserEvent event : log) {
                if (!event.occurredAt().isBefore(from) && event.occurredAt().isBefore(cutoff)) {
                    byUser.computeIfAbsent(event.userId(), u -> new ArrayList<>())
                            .add(event);
                }
            }
            byUser.forEach((user, events) ->
                    engine.onUserPeriod(user, events, run).decisions().forEach(d -> decisions.put(key(d), d)));
            engine.onCutoff(run).decisions().forEach(d -> decisions.put(key(d), d));
            from = cutoff;
        }
        return decisions;
    }

    private static io.kairos.domain.port.in.DecisionEngine engine(
            String experimentKey, UserStateStore states, TimerStore timers) {
        return new CampaignEngine(
                CampaignFile.defaults(),
                Experiment.batchVersusRealtime(experimentKey, "salt"),
                new EngineSettings(Duration.ofMinutes(2), ZoneOffset.UTC),
                states,
                timers);
    }

    private static String key(Decision decision) {
        return decision.id() + "/" + decision.mode();
    }

    private static Set<String> users(List<UserEvent> log) {
        return log.stream().map(UserEvent::userId).collect(Collectors.toSet());
    }

    private static long usersRead(JobExecution execution) {
        return execution.getStepExecutions().stream()
                .filter(s -> s.getStepName().startsWith(NightlyDecisionJobConfiguration.USER_PERIOD_PARTITION_STEP))
                .mapToLong(StepExecution::getReadCount)
                .sum();
    }

    private static NightlyBatchRunner runner(AnnotationConfigApplicationContext context) {
        return runner(context, 1);
    }

    private static NightlyBatchRunner runner(AnnotationConfigApplicationContext context, int latePeriods) {
        return new NightlyBatchRunner(
                context.getBean(JobOperator.class),
                context.getBean(JobRepository.class),
                context.getBean(Job.class),
                SCHEDULE,
                latePeriods);
    }

    private static AnnotationConfigApplicationContext start(Fakes fakes) {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        context.registerBean(NightlyJobPorts.class, fakes::ports);
        context.register(JobContext.class);
        context.refresh();
        return context;
    }

    /** The domain's fakes behind the ports (made safe for two partitions), and a decision store that fails once. */
    private static final class Fakes {
        final InMemoryEventArchive archive = new InMemoryEventArchive();
        final SynchronizedProfiles profiles = new SynchronizedProfiles();
        final InMemoryPendingTimerSnapshots timers = new InMemoryPendingTimerSnapshots();
        final SynchronizedOutbox outbox = new SynchronizedOutbox();
        final RecordingDecisions decisions;
        final AtomicInteger enginesMadeForARun = new AtomicInteger();

        Fakes(List<UserEvent> log, int failOnCall) {
            archive.append(log);
            decisions = new RecordingDecisions(failOnCall);
        }

        NightlyJobPorts ports() {
            return new NightlyJobPorts(
                    archive,
                    profiles,
                    timers,
                    decisions,
                    outbox,
                    d -> new OutboxMessage(d.id(), "decisions", d.userId(), d.payload()),
                    key -> {
                        enginesMadeForARun.incrementAndGet();
                        return (states, timers) -> engine(key, states, timers);
                    });
        }
    }

    private static final class SynchronizedProfiles implements BatchProfileStore {
        private final InMemoryBatchProfileStore delegate = new InMemoryBatchProfileStore();

        @Override
        public synchronized void saveAll(List<BatchProfile> profiles) {
            delegate.saveAll(profiles);
        }

        @Override
        public synchronized Map<String, BatchProfile> latest(
                String experimentKey, Collection<String> userIds, Instant notAfter) {
            return delegate.latest(experimentKey, userIds, notAfter);
        }

        @Override
        public synchronized int pruneBefore(String experimentKey, Instant boundary) {
            return delegate.pruneBefore(experimentKey, boundary);
        }
    }

    private static final class SynchronizedOutbox implements DecisionOutbox {
        private final InMemoryDecisionOutbox delegate = new InMemoryDecisionOutbox();

        @Override
        public synchronized void enqueue(List<OutboxMessage> messages) {
            delegate.enqueue(messages);
        }

        @Override
        public synchronized List<OutboxMessage> unpublished(int limit) {
            return delegate.unpublished(limit);
        }

        @Override
        public synchronized void markPublished(Collection<UUID> decisionIds) {
            delegate.markPublished(decisionIds);
        }
    }

    /** The domain's fake, remembering what it holds; its {@code failOnCall}-th call (1-based) fails, once. */
    private static final class RecordingDecisions implements DecisionStore {
        private final InMemoryDecisionStore delegate = new InMemoryDecisionStore();
        private final Map<String, Decision> recorded = new LinkedHashMap<>();
        private final AtomicInteger calls = new AtomicInteger();
        private final AtomicInteger newlyRecorded = new AtomicInteger();
        private final int failOnCall;

        RecordingDecisions(int failOnCall) {
            this.failOnCall = failOnCall;
        }

        @Override
        public synchronized void record(List<Decision> batch) {
            if (calls.incrementAndGet() == failOnCall) {
                throw new IllegalStateException("injected failure on write " + failOnCall);
            }
            delegate.record(batch);
            for (Decision decision : batch) {
                if (recorded.putIfAbsent(key(decision), decision) == null) {
                    newlyRecorded.incrementAndGet();
                }
            }
        }

        @Override
        public synchronized Optional<Decision> find(UUID id, Mode mode) {
            return delegate.find(id, mode);
        }

        @Override
        public synchronized List<Decision> deliveredBetween(String experimentKey, Instant from, Instant until) {
            return delegate.deliveredBetween(experimentKey, from, until);
        }

        synchronized Map<String, Decision> all() {
            return new TreeMap<>(recorded);
        }
    }

    /** Spring Batch on PostgreSQL (its own schema script) plus the job under test. */
    @Configuration(proxyBeanMethods = false)
    @Import(NightlyDecisionJobConfiguration.class)
    static class JobContext extends JdbcDefaultBatchConfiguration {

        @Bean(destroyMethod = "close")
        HikariDataSource dataSource() {
            TestPostgres database = TestServers.postgres().freshDatabase("nightly_job");
            HikariDataSource dataSource = new HikariDataSource();
            dataSource.setJdbcUrl(database.jdbcUrl());
            dataSource.setUsername(database.username());
            dataSource.setPassword(database.password());
            dataSource.setMaximumPoolSize(6);
            new ResourceDatabasePopulator(new ClassPathResource("org/springframework/batch/core/schema-postgresql.sql"))
                    .execute(dataSource);
            return dataSource;
        }

        @Bean
        PlatformTransactionManager transactionManager(DataSource dataSource) {
            return new JdbcTransactionManager(dataSource);
        }

        @Bean
        NightlyJobSettings nightlyJobSettings() {
            return new NightlyJobSettings(25, 2, 40, Duration.ofSeconds(1));
        }
    }
}
