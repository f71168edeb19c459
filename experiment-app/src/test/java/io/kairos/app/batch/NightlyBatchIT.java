package io.kairos.app.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kairos.batch.NightlyBatchRunner;
import io.kairos.batch.NightlyDecisionJobConfiguration;
import io.kairos.batch.NightlyJobParameters;
import io.kairos.domain.campaign.CampaignCatalog;
import io.kairos.domain.campaign.CampaignFile;
import io.kairos.domain.campaign.CampaignTimeline;
import io.kairos.domain.campaign.CampaignVersion;
import io.kairos.domain.decision.Decision;
import io.kairos.domain.decision.engine.CampaignEngine;
import io.kairos.domain.decision.engine.EngineSettings;
import io.kairos.domain.event.UserEvent;
import io.kairos.domain.experiment.Experiment;
import io.kairos.domain.port.in.BatchRun;
import io.kairos.domain.port.out.inmemory.InMemoryTimerStore;
import io.kairos.domain.port.out.inmemory.InMemoryUserStateStore;
import io.kairos.persistence.store.PostgresDecisionStore;
import io.kairos.persistence.store.PostgresEventArchive;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

/**
 * The nightly batch on the real tables: the persistence module's archive, decisions and profiles, the app's timer
 * snapshots and Spring Batch's job repository, all in PostgreSQL, migrated by Flyway.
 */
class NightlyBatchIT {

    private static final Duration GRACE = Duration.ofMinutes(2);
    private static final List<Instant> NIGHTS = List.of(
            BatchTestBed.SCHEDULE.cutoffOn(BatchTestBed.DAY_1),
            BatchTestBed.SCHEDULE.cutoffOn(BatchTestBed.DAY_1.plusDays(1)),
            BatchTestBed.SCHEDULE.cutoffOn(BatchTestBed.DAY_1.plusDays(2)));

    @TempDir
    Path dir;

    @Test
    void givenThreeArchivedNights_whenBatchedNightlyAndReplayedInRealTime_thenEveryCampaignHasTheSameDecisionIds()
            throws Exception {
        List<UserEvent> log = BatchTestBed.randomLog(11, 150, 24, 3);
        try (BatchTestBed bed = BatchTestBed.start("batch_parity")) {
            bed.defineExperiment("exp-parity");
            bed.archive(log);

            runNightly(bed, "exp-parity");
            realtime(bed, "exp-parity", CampaignFile.defaults(), log);

            Map<String, List<String>> batch = idsPerCampaign(bed, "batch");
            Map<String, List<String>> realtime = idsPerCampaign(bed, "realtime");
            assertThat(batch).hasSizeGreaterThanOrEqualTo(4).isEqualTo(realtime);
            assertThat(batch.get("cart_abandonment")).hasSizeGreaterThan(10);
        }
    }

    @Test
    void givenCampaignsWithoutDeliveryTimeGuards_whenBatchedAndReplayed_thenDecisionsDifferOnlyInDelivery()
            throws Exception {
        Path campaigns = dir.resolve("unguarded.kairos");
        Files.writeString(campaigns, withoutGuards(defaultCampaignText()));
        List<UserEvent> log = BatchTestBed.randomLog(12, 120, 24, 3);
        try (BatchTestBed bed =
                BatchTestBed.start("batch_parity_unguarded", 0, "kairos.batch.campaign-file=" + campaigns)) {
            bed.defineExperiment("exp-unguarded");
            bed.archive(log);

            runNightly(bed, "exp-unguarded");
            realtime(bed, "exp-unguarded", CampaignFile.parse(Files.readString(campaigns)), log);

            List<String> batch = bed.jdbc.queryForList(COMPARABLE, String.class, "batch");
            assertThat(batch)
                    .hasSizeGreaterThan(100)
                    .isEqualTo(bed.jdbc.queryForList(COMPARABLE, String.class, "realtime"));
            assertThat(bed.jdbc.queryForObject(
                            "select count(*) from decision b join decision r using (decision_id) where b.mode = 'batch'"
                                    + " and r.mode = 'realtime' and b.planned_delivery_at <> r.planned_delivery_at",
                            Integer.class))
                    .isEqualTo(batch.size());
            assertThat(bed.jdbc.queryForObject(
                            "select count(*) from decision where mode = 'batch' and status = 'delivered'"
                                    + " and delivered_at::time <> time '08:00'",
                            Integer.class))
                    .isZero();
        }
    }

    @Test
    void givenACampaignVersionTakingEffectBetweenTwoCutoffs_whenBatchedAndReplayed_thenBothModesSwitchAtItsInstant()
            throws Exception {
        String unguarded = withoutGuards(defaultCampaignText());
        String changed = unguarded
                .replace("Heads-up: you have spent", "Version one: you have spent")
                .replace("Your cart is waiting:", "Still in your cart:");
        Path campaigns = dir.resolve("unguarded.kairos");
        Files.writeString(campaigns, unguarded);
        Instant effective = NIGHTS.get(0).plus(Duration.ofHours(13));
        List<UserEvent> log = BatchTestBed.randomLog(14, 120, 24, 3);
        try (BatchTestBed bed =
                BatchTestBed.start("batch_campaign_versions", 0, "kairos.batch.campaign-file=" + campaigns)) {
            bed.defineExperiment("exp-versions");
            bed.archive(log);
            // published before the nights it concerns, as the publication rules require of a live system
            bed.jdbc.update(
                    "insert into campaign_version (version, document, sha256, author, published_at, effective_at)"
                            + " values (1, ?, ?, 'ana', ?, ?)",
                    changed,
                    CampaignVersion.sha256(changed),
                    java.sql.Timestamp.from(effective.minus(Duration.ofDays(3))),
                    java.sql.Timestamp.from(effective));

            runNightly(bed, "exp-versions");
            realtime(
                    bed,
                    "exp-versions",
                    CampaignTimeline.of(
                            CampaignVersion.unpublished(CampaignFile.parse(unguarded), ""),
                            List.of(CampaignVersion.published(
                                    1, changed, "ana", effective.minus(Duration.ofDays(3)), effective))),
                    log);

            String versioned = COMPARABLE.replace("suppression_guard)", "suppression_guard, campaign_version)");
            List<String> batch = bed.jdbc.queryForList(versioned, String.class, "batch");
            assertThat(batch)
                    .hasSizeGreaterThan(100)
                    .isEqualTo(bed.jdbc.queryForList(versioned, String.class, "realtime"));
            assertThat(bed.jdbc.queryForList(
                            "select distinct campaign_version from decision where mode = 'batch' order by 1",
                            Integer.class))
                    .containsExactly(0, 1);
            assertThat(bed.jdbc.queryForObject(
                            "select count(*) from decision where (campaign_version = 1) <> (decided_at >= ?)",
                            Integer.class,
                            java.sql.Timestamp.from(effective)))
                    .isZero();
            assertThat(bed.jdbc.queryForObject(
                            "select count(*) from decision where campaign_id = 'cart_abandonment'"
                                    + " and (campaign_version = 1) <> (payload like 'Still in your cart:%')",
                            Integer.class))
                    .isZero();
        }
    }

    /** With the default memory bound, and with one so small that each partition reads its users in many slices. */
    @ParameterizedTest
    @ValueSource(longs = {PostgresEventArchive.DEFAULT_MAX_EVENTS_IN_MEMORY, 100})
    void
            givenAFailureInjectedMidRun_whenRunAgainAndThenReRun_thenItResumesToTheDecisionsOfAnUninterruptedRunAndTheReRunChangesNothing(
                    long maxEventsInMemory) throws Exception {
        List<UserEvent> log = BatchTestBed.randomLog(13, 300, 8, 1);
        Instant cutoff = NIGHTS.get(0);
        try (BatchTestBed bed =
                BatchTestBed.start("batch_restart", 3, "kairos.batch.max-events-in-memory=" + maxEventsInMemory)) {
            bed.defineExperiment("exp-restart");
            bed.archive(log);

            JobExecution failed = bed.runner().run("exp-restart", cutoff);
            JobExecution resumed = bed.runner().run("exp-restart", cutoff);

            assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
            assertThat(resumed.getStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(usersRead(resumed)).isGreaterThan(0).isLessThan(300);
            Experiment experiment = bed.experiment("exp-restart");
            assertThat(bed.decisionRows("batch")).isEqualTo(uninterrupted(experiment, log, cutoff));

            Map<String, Integer> counts = BatchTestBed.counts(bed.jdbc);
            List<String> decisions = bed.decisionRows("batch");
            List<String> profiles = bed.jdbc.queryForList(PROFILES, String.class);
            JobExecution rerun = bed.runner().rerun("exp-restart", cutoff);

            assertThat(rerun.getStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(usersRead(rerun)).isEqualTo(300);
            assertThat(BatchTestBed.counts(bed.jdbc)).isEqualTo(counts);
            assertThat(bed.decisionRows("batch")).isEqualTo(decisions);
            assertThat(bed.jdbc.queryForList(PROFILES, String.class)).isEqualTo(profiles);
        }
    }

    @Test
    void givenFourNights_whenRun_thenDeliveriesAreQueuedOnceSupersededSnapshotsArePrunedAndOnlyRecentCutoffsRerun()
            throws Exception {
        List<UserEvent> log = BatchTestBed.randomLog(12, 80, 24, 3);
        Instant fourth = NIGHTS.get(2).plus(Duration.ofDays(1));
        try (BatchTestBed bed = BatchTestBed.start("batch_outbox_prune")) {
            bed.defineExperiment("exp-prune");
            bed.archive(log);

            runNightly(bed, "exp-prune");
            JobExecution last = bed.runner().run("exp-prune", fourth);

            assertThat(last.getStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(NightlyJobParameters.of(last.getJobParameters()).replayStart())
                    .isEqualTo(NIGHTS.get(1));
            assertThat(bed.jdbc.queryForList(
                            "select d.decision_id::text from decision d where d.mode = 'batch'"
                                    + " and d.status = 'delivered' order by 1",
                            String.class))
                    .hasSizeGreaterThan(10)
                    .isEqualTo(bed.jdbc.queryForList(
                            "select decision_id::text from decision_outbox where topic = 'decisions'"
                                    + " and payload like '%\"mode\":\"batch\"%' order by 1",
                            String.class));
            for (String table : List.of("batch_profile", "batch_pending_timer")) {
                assertThat(snapshotCutoffs(bed, table)).containsOnlyKeys(NIGHTS.get(1), NIGHTS.get(2), fourth);
            }

            Map<String, Integer> counts = BatchTestBed.counts(bed.jdbc);
            assertThat(bed.runner().rerun("exp-prune", fourth).getStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(BatchTestBed.counts(bed.jdbc)).isEqualTo(counts);
            assertThatThrownBy(() -> bed.runner().rerun("exp-prune", NIGHTS.get(0)))
                    .isInstanceOf(NightlyBatchRunner.NotRerunnableException.class)
                    .hasMessageContaining("can no longer be re-run");
        }
    }

    private static Map<Instant, Integer> snapshotCutoffs(BatchTestBed bed, String table) {
        Map<Instant, Integer> rows = new TreeMap<>();
        bed.jdbc.query(
                "select cutoff, count(*) from " + table + " where experiment_key = 'exp-prune' group by cutoff",
                (ResultSet r) -> {
                    rows.put(r.getObject(1, OffsetDateTime.class).toInstant(), r.getInt(2));
                });
        return rows;
    }

    @Test
    void givenOneInstanceRunningTheBatch_whenASecondOneStarts_thenItWaitsUntilTheFirstHasFinished() throws Exception {
        try (BatchTestBed bed = BatchTestBed.start("batch_lock", 0, "kairos.batch.lock-retry=50ms")) {
            NightlyRunLock lock = bed.context.getBean(NightlyRunLock.class);
            CountDownLatch firstHolds = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicLong firstEnded = new AtomicLong();
            ExecutorService instances = Executors.newFixedThreadPool(2);
            try {
                Future<Long> first = instances.submit(() -> lock.runExclusively("exp-lock", () -> {
                    firstHolds.countDown();
                    release.await(10, TimeUnit.SECONDS);
                    firstEnded.set(System.nanoTime());
                    return firstEnded.get();
                }));
                firstHolds.await(10, TimeUnit.SECONDS);
                Future<Long> second = instances.submit(() -> lock.runExclusively("exp-lock", System::nanoTime));
                Thread.sleep(300);

                assertThat(second.isDone()).isFalse();
                release.countDown();
                assertThat(second.get(10, TimeUnit.SECONDS)).isGreaterThan(first.get(10, TimeUnit.SECONDS));
            } finally {
                release.countDown();
                instances.shutdownNow();
            }
        }
    }

    private static final String COMPARABLE = "select concat_ws('|', decision_id, campaign_id, user_id, arm,"
            + " trigger_event_id, extract(epoch from trigger_at), extract(epoch from decided_at), channel, payload,"
            + " suppression_guard) from decision where mode = ? order by decision_id";
    private static final String PROFILES =
            "select concat_ws('|', experiment_key, user_id, cutoff, md5(state::text)) from batch_profile order by 1";

    /** The first night run once, the two others caught up after a "downtime", as the scheduler does. */
    private static void runNightly(BatchTestBed bed, String experiment) throws Exception {
        assertThat(bed.runner().run(experiment, NIGHTS.get(0)).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        List<JobExecution> caughtUp =
                bed.runner().catchUp(experiment, NIGHTS.get(2).plus(Duration.ofHours(3)));
        assertThat(caughtUp)
                .extracting(e -> NightlyJobParameters.of(e.getJobParameters()).cutoff())
                .containsExactlyElementsOf(NIGHTS.subList(1, 3));
        assertThat(caughtUp).allMatch(e -> e.getStatus() == BatchStatus.COMPLETED);
    }

    /** The real-time path: the engine fed event by event with the watermark following, up to the last cut-off. */
    private static void realtime(BatchTestBed bed, String experimentKey, CampaignCatalog catalog, List<UserEvent> log) {
        realtime(bed, experimentKey, CampaignTimeline.only(catalog), log);
    }

    /** The same under a timeline of campaign versions. */
    private static void realtime(
            BatchTestBed bed, String experimentKey, CampaignTimeline timeline, List<UserEvent> log) {
        Experiment experiment = bed.experiment(experimentKey);
        CampaignEngine engine = new CampaignEngine(
                timeline,
                experiment,
                new EngineSettings(GRACE, ZoneOffset.UTC),
                new InMemoryUserStateStore(),
                new InMemoryTimerStore());
        Instant last = NIGHTS.get(NIGHTS.size() - 1);
        List<Decision> decisions = new ArrayList<>();
        Instant watermark = Instant.MIN;
        for (UserEvent event : log) {
            if (!event.occurredAt().isBefore(last)) {
                continue;
            }
            decisions.addAll(engine.onEvent(event).decisions());
            if (event.occurredAt().isAfter(watermark)) {
                watermark = event.occurredAt();
                decisions.addAll(engine.onWatermark(watermark).decisions());
            }
        }
        decisions.addAll(engine.onWatermark(last.plus(GRACE)).decisions());
        new PostgresDecisionStore(bed.context.getBean(DSLContext.class)).record(decisions);
    }

    /** The engine fed the cut-off's users directly, batch-style, without any interruption. */
    private static List<String> uninterrupted(Experiment experiment, List<UserEvent> log, Instant cutoff) {
        CampaignEngine engine = new CampaignEngine(
                CampaignFile.defaults(),
                experiment,
                new EngineSettings(GRACE, ZoneOffset.UTC),
                new InMemoryUserStateStore(),
                new InMemoryTimerStore());
        BatchRun run = new BatchRun(cutoff, BatchTestBed.SCHEDULE.sendTimeFor(cutoff));
        Map<String, List<UserEvent>> byUser = new TreeMap<>();
        log.stream()
                .filter(e -> e.occurredAt().isBefore(cutoff))
                .forEach(e -> byUser.computeIfAbsent(e.userId(), u -> new ArrayList<>())
                        .add(e));
        List<Decision> decisions = new ArrayList<>();
        byUser.forEach((user, events) ->
                decisions.addAll(engine.onUserPeriod(user, events, run).decisions()));
        decisions.addAll(engine.onCutoff(run).decisions());
        return decisions.stream().map(BatchTestBed::row).sorted().toList();
    }

    private static Map<String, List<String>> idsPerCampaign(BatchTestBed bed, String mode) {
        Map<String, List<String>> ids = new TreeMap<>();
        bed.jdbc.query(
                "select campaign_id, decision_id::text from decision where mode = ? order by 1, 2",
                row -> {
                    ids.computeIfAbsent(row.getString(1), c -> new ArrayList<>())
                            .add(row.getString(2));
                },
                mode);
        return ids;
    }

    private static long usersRead(JobExecution execution) {
        return execution.getStepExecutions().stream()
                .filter(s -> s.getStepName().startsWith(NightlyDecisionJobConfiguration.USER_PERIOD_PARTITION_STEP))
                .mapToLong(StepExecution::getReadCount)
                .sum();
    }

    private static String defaultCampaignText() throws IOException {
        try (InputStream in = CampaignFile.class.getResourceAsStream(CampaignFile.DEFAULT_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The campaign file without its guard blocks. */
    private static String withoutGuards(String text) {
        StringBuilder out = new StringBuilder();
        boolean inGuards = false;
        for (String line : text.split("\n", -1)) {
            if (line.equals("  guards:")) {
                inGuards = true;
                continue;
            }
            if (inGuards && line.startsWith("    ")) {
                continue;
            }
            inGuards = false;
            out.append(line).append('\n');
        }
        return out.toString();
    }
}
