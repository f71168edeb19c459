package io.kairos.app.batch;

import io.kairos.app.ExperimentRefresh;
import io.kairos.app.KairosProperties;
import io.kairos.app.campaign.PublishedCampaigns;
import io.kairos.batch.DecisionEngines;
import io.kairos.batch.NightlyBatchRunner;
import io.kairos.batch.NightlyDecisionJobConfiguration;
import io.kairos.batch.NightlyJobPorts;
import io.kairos.batch.NightlyJobSettings;
import io.kairos.batch.NightlySchedule;
import io.kairos.domain.campaign.CampaignCatalog;
import io.kairos.domain.campaign.CampaignFile;
import io.kairos.domain.campaign.CampaignTimeline;
import io.kairos.domain.decision.engine.CampaignEngine;
import io.kairos.domain.decision.engine.EngineSettings;
import io.kairos.domain.port.out.CampaignVersionStore;
import io.kairos.domain.port.out.ExperimentRegistry;
import io.kairos.domain.port.out.ExperimentStore;
import io.kairos.domain.port.out.OutboxMessage;
import io.kairos.persistence.store.EventPartitions;
import io.kairos.persistence.store.PostgresBatchProfileStore;
import io.kairos.persistence.store.PostgresCampaignVersionStore;
import io.kairos.persistence.store.PostgresDecisionOutbox;
import io.kairos.persistence.store.PostgresDecisionStore;
import io.kairos.persistence.store.PostgresEventArchive;
import io.kairos.persistence.store.PostgresPendingTimerSnapshots;
import io.kairos.report.UnknownExperiment;
import io.kairos.streaming.wire.DecisionMessages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;

/**
 * Wires the nightly job to the real ports: the PostgreSQL event archive, batch profiles, decisions, the decision
 * outbox (delivered batch decisions go to the decisions topic in the real-time path's wire format, published by the
 * streaming app's decision publisher) and pending-timer snapshots, and the campaign engine of the experiment a run is
 * for; plus its runner, lock and scheduler.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({BatchProperties.class, KairosProperties.class})
@Import(NightlyDecisionJobConfiguration.class)
public class BatchConfiguration {

    /** The job's chunking, partitioning and progress settings. */
    @Bean
    NightlyJobSettings nightlyJobSettings(BatchProperties properties) {
        return properties.jobSettings();
    }

    /** When runs happen and when their messages go out. */
    @Bean
    NightlySchedule nightlySchedule(BatchProperties properties) {
        return properties.schedule();
    }

    /** The ports the job reads and writes through. */
    @Bean
    NightlyJobPorts nightlyJobPorts(
            DSLContext db,
            BatchProperties properties,
            KairosProperties kairos,
            ExperimentStore experiments,
            ExperimentRegistry registry) {
        String topic = kairos.kafka().decisionsTopic();
        Clock clock = Clock.systemUTC();
        return new NightlyJobPorts(
                new PostgresEventArchive(db, EventPartitions.standard(db), properties.maxEventsInMemory()),
                new PostgresBatchProfileStore(db),
                new PostgresPendingTimerSnapshots(db),
                new PostgresDecisionStore(db),
                new PostgresDecisionOutbox(db),
                decision -> new OutboxMessage(
                        decision.id(), topic, decision.userId(), DecisionMessages.of(decision, clock.instant())),
                engines(new PostgresCampaignVersionStore(db), catalog(properties), properties, experiments, registry));
    }

    /** Runs one cut-off, re-runs one, or catches up. */
    @Bean
    NightlyBatchRunner nightlyBatchRunner(
            JobOperator jobOperator,
            JobRepository jobRepository,
            @Lazy Job nightlyDecisionJob,
            NightlySchedule schedule,
            BatchProperties properties) {
        return new NightlyBatchRunner(
                jobOperator, jobRepository, nightlyDecisionJob, schedule, properties.lateDataPeriods());
    }

    /** One run at a time per experiment, across instances. */
    @Bean
    NightlyRunLock nightlyRunLock(DataSource dataSource, BatchProperties properties) {
        return new NightlyRunLock(dataSource, properties.lockRetry());
    }

    /** Runs the job every night. */
    @Bean
    NightlyScheduler nightlyScheduler(NightlyBatchRunner runner, NightlySchedule schedule, NightlyRunLock lock) {
        return new NightlyScheduler(runner, schedule, lock, Clock.systemUTC());
    }

    /**
     * Engines under the configured campaigns as version 0 and the versions published in the database, read once per
     * run (partition): a version published meanwhile takes effect after now, so after every trigger of a run whose
     * cut-off has passed, and the first run whose cut-off follows its effective time applies it, to the triggers at or
     * after that time.
     */
    private static DecisionEngines engines(
            CampaignVersionStore versions,
            CampaignCatalog catalog,
            BatchProperties properties,
            ExperimentStore experiments,
            ExperimentRegistry registry) {
        EngineSettings settings = new EngineSettings(properties.timerGrace(), properties.defaultUserZone());
        Map<String, ExperimentRefresh> defined = new ConcurrentHashMap<>();
        return experimentKey -> {
            ExperimentRefresh experiment = defined.computeIfAbsent(experimentKey, key -> {
                if (experiments.find(key).isEmpty()) {
                    throw new UnknownExperiment(key);
                }
                return ExperimentRefresh.of(registry, key);
            });
            Supplier<CampaignTimeline> timeline =
                    constant(PublishedCampaigns.load(versions, catalog).get());
            return (states, timers) -> new CampaignEngine(timeline, experiment, settings, states, timers);
        };
    }

    private static Supplier<CampaignTimeline> constant(CampaignTimeline timeline) {
        return () -> timeline;
    }

    private static CampaignCatalog catalog(BatchProperties properties) {
        if (properties.campaignFile() == null) {
            return CampaignFile.defaults();
        }
        try {
            return CampaignFile.parse(Files.readString(properties.campaignFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the campaign file " + properties.campaignFile(), e);
        }
    }
}
