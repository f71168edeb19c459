package io.kairos.app.streaming;

import io.kairos.app.ExperimentRefresh;
import io.kairos.app.KafkaClientBase;
import io.kairos.app.KairosProperties;
import io.kairos.app.campaign.PublishedCampaigns;
import io.kairos.domain.campaign.CampaignCatalog;
import io.kairos.domain.campaign.CampaignFile;
import io.kairos.domain.decision.engine.CampaignEngine;
import io.kairos.domain.decision.engine.EngineSettings;
import io.kairos.domain.event.EventValidator;
import io.kairos.domain.experiment.Experiment;
import io.kairos.domain.port.out.ExperimentRegistry;
import io.kairos.domain.port.out.ExperimentStore;
import io.kairos.persistence.store.PostgresCampaignVersionStore;
import io.kairos.streaming.wire.WatermarkPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import org.jooq.DSLContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * Builds the streaming pipeline from configuration: the campaign file, the experiment (as defined in the database)
 * and the engine settings of the domain, the PostgreSQL adapters, the Kafka topics of {@code kairos.kafka} and the
 * Kafka client settings of {@code spring.kafka} (a setting exactly-once cannot honour fails the bean). Lazy,
 * so that commands other than {@code stream} pay nothing for it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StreamingProperties.class)
public class StreamingConfiguration {

    /**
     * The campaign versions of the real-time consumer: the configured campaigns as version 0, then those published
     * in the database, read at start and every {@code kairos.campaigns.refresh} (default 5 s) while it runs.
     */
    @Bean(destroyMethod = "close")
    @Lazy
    PublishedCampaigns streamingCampaigns(
            StreamingProperties streaming, DSLContext db, @Value("${kairos.campaigns.refresh:5s}") Duration refresh) {
        return PublishedCampaigns.load(new PostgresCampaignVersionStore(db), campaigns(streaming))
                .refreshingEvery(refresh);
    }

    @Bean(destroyMethod = "close")
    @Lazy
    StreamingPipeline streamingPipeline(
            StreamingProperties streaming,
            KairosProperties kairos,
            KafkaClientBase kafka,
            DSLContext db,
            ExperimentStore experiments,
            ExperimentRegistry experimentRegistry,
            PublishedCampaigns campaigns,
            ObjectProvider<MeterRegistry> registry) {
        experiment(streaming, experiments);
        ExperimentRefresh experiment = ExperimentRefresh.of(experimentRegistry, streaming.experimentKey());
        EngineSettings engineSettings = new EngineSettings(streaming.grace(), streaming.defaultZone());
        StreamingOptions options = new StreamingOptions(
                streaming.experimentKey(),
                kafka,
                kairos.kafka().activityTopic(),
                kairos.kafka().deadLetterTopic(),
                kairos.kafka().decisionsTopic(),
                streaming.realtimeGroup(),
                streaming.archiveGroup(),
                streaming.realtimeConsumers(),
                streaming.archiveConsumers(),
                streaming.publish(),
                streaming.grace(),
                streaming.heartbeatInterval(),
                streaming.heartbeatLag(),
                streaming.maxRecordBytes(),
                streaming.recentIdsPerPartition(),
                streaming.pollTimeout(),
                streaming.progressInterval(),
                streaming.publisherPageSize(),
                streaming.publisherIdleWait(),
                new WatermarkPolicy(streaming.acceptWatermarks(), streaming.watermarkSecret()),
                streaming.deadLetterMaxBytes());
        return new StreamingPipeline(
                options,
                db,
                (states, timers) -> new CampaignEngine(campaigns, experiment, engineSettings, states, timers),
                new EventValidator(streaming.maxFutureSkew(), streaming.legacyCurrency()),
                registry.getIfAvailable(SimpleMeterRegistry::new),
                Clock.systemUTC());
    }

    /**
     * The experiment as defined in the database; when it is not defined yet, the article's control 10 / batch 45 /
     * realtime 45 under the configured key and salt, which is then defined so that the nightly job and the report
     * assign users the same way.
     */
    private static Experiment experiment(StreamingProperties streaming, ExperimentStore experiments) {
        return experiments.find(streaming.experimentKey()).orElseGet(() -> {
            Experiment experiment = Experiment.batchVersusRealtime(streaming.experimentKey(), streaming.salt());
            experiments.define(experiment);
            return experiment;
        });
    }

    /** The campaigns of {@code kairos.streaming.campaign-file}, or the defaults when none is set. */
    public static CampaignCatalog campaigns(StreamingProperties streaming) {
        if (streaming.campaignFile() == null) {
            return CampaignFile.defaults();
        }
        try {
            return CampaignFile.parse(Files.readString(streaming.campaignFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the campaign file " + streaming.campaignFile(), e);
        }
    }
}
