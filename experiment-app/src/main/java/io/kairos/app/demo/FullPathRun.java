package io.kairos.app.demo;

import static io.kairos.persistence.jooq.Tables.USER_EVENT;

import io.kairos.app.KafkaClientBase;
import io.kairos.app.KairosProperties;
import io.kairos.app.streaming.StreamingPipeline;
import io.kairos.app.streaming.StreamingProperties;
import io.kairos.batch.NightlyBatchRunner;
import io.kairos.batch.NightlySchedule;
import io.kairos.domain.experiment.AnalysisPlan;
import io.kairos.domain.port.out.ExperimentRegistry;
import io.kairos.domain.port.out.ExperimentStore;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jooq.DSLContext;
import org.springframework.context.ApplicationContext;

/** Sets up a full-path run inside the app's context: defines the experiment and builds the driver. */
public final class FullPathRun {

    private FullPathRun() {}

    /**
     * Defines the run's experiment and returns a driver over the context's streaming pipeline and nightly job. The
     * context must have been started with {@link FullPathSettings#springProperties()}.
     *
     * @throws PeriodInUse when the database already holds activity in {@code [start, end)}: a simulated population
     *     must not mix with other users' events or state
     */
    public static FullPathDriver open(
            ApplicationContext context, FullPathSettings settings, Instant start, Instant end) {
        return open(context, settings, start, end, null);
    }

    /**
     * Like {@link #open(ApplicationContext, FullPathSettings, Instant, Instant)}, registering the experiment first
     * with {@code plan} (when not null and the experiment is new) and starting it at {@code start}, as a team would
     * before its experiment runs: the report then analyses it by that plan.
     */
    public static FullPathDriver open(
            ApplicationContext context, FullPathSettings settings, Instant start, Instant end, AnalysisPlan plan) {
        DSLContext db = context.getBean(DSLContext.class);
        requireUnused(db, start, end);
        ExperimentRegistry registry = context.getBean(ExperimentRegistry.class);
        if (plan != null && registry.find(settings.experiment().key()).isEmpty()) {
            registry.create(settings.experiment(), "simulated experiment", plan, "kairos simulate");
            registry.start(settings.experiment().key(), start, "kairos simulate");
        }
        context.getBean(ExperimentStore.class).define(settings.experiment());
        KairosProperties kairos = context.getBean(KairosProperties.class);
        StreamingProperties streaming = context.getBean(StreamingProperties.class);
        FullPathTopology topology = new FullPathTopology(
                kairos.kafka().activityTopic(),
                kairos.kafka().partitions(),
                streaming.realtimeGroup(),
                streaming.archiveGroup());
        Map<String, Object> producer = context.getBean(KafkaClientBase.class)
                .producerFor(ByteArraySerializer.class, ByteArraySerializer.class);
        producer.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 1);
        producer.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new FullPathDriver(
                settings.experiment(),
                topology,
                context.getBean(StreamingPipeline.class),
                new KafkaProducer<>(producer),
                db,
                context.getBean(NightlyBatchRunner.class),
                context.getBean(NightlySchedule.class),
                settings.catchUpTimeout());
    }

    private static void requireUnused(DSLContext db, Instant start, Instant end) {
        boolean used = db.fetchExists(db.selectOne()
                .from(USER_EVENT)
                .where(USER_EVENT.OCCURRED_AT.ge(OffsetDateTime.ofInstant(start, ZoneOffset.UTC)))
                .and(USER_EVENT.OCCURRED_AT.lt(OffsetDateTime.ofInstant(end, ZoneOffset.UTC))));
        if (used) {
            throw new PeriodInUse("the database already holds events between " + start + " and " + end
                    + ": a simulated population would mix with them. Run on a fresh database (the embedded default"
                    + " gives every run its own), or simulate another period with --start.");
        }
    }

    /** The simulated period is already in use in the database. */
    public static final class PeriodInUse extends RuntimeException {
        PeriodInUse(String message) {
            super(message);
        }
    }
}
