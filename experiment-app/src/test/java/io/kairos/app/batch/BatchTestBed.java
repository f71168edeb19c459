package io.kairos.app.batch;

import io.kairos.app.ExperimentsConfiguration;
import io.kairos.batch.NightlyBatchRunner;
import io.kairos.batch.NightlyJobPorts;
import io.kairos.batch.NightlySchedule;
import io.kairos.domain.decision.Decision;
import io.kairos.domain.event.EventProperties;
import io.kairos.domain.event.UserEvent;
import io.kairos.domain.experiment.Experiment;
import io.kairos.domain.port.out.DecisionStore;
import io.kairos.domain.port.out.ExperimentStore;
import io.kairos.persistence.DatabaseSchema;
import io.kairos.persistence.store.EventPartitions;
import io.kairos.persistence.store.PostgresEventArchive;
import io.kairos.testsupport.TestPostgres;
import io.kairos.testsupport.TestServers;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A fresh PostgreSQL database migrated by {@link DatabaseSchema#migrate}, and the app's batch wiring started on it
 * (Spring Boot's batch, JDBC and jOOQ auto-configuration; no Kafka): the real archive, decision, profile and timer
 * tables behind the job.
 */
final class BatchTestBed implements AutoCloseable {

    static final NightlySchedule SCHEDULE = NightlySchedule.DEFAULT;
    static final LocalDate DAY_1 = LocalDate.of(2026, 11, 2);
    static final Instant START = SCHEDULE.cutoffOn(DAY_1.minusDays(1));

    final ConfigurableApplicationContext context;
    final JdbcTemplate jdbc;

    private BatchTestBed(ConfigurableApplicationContext context) {
        this.context = context;
        this.jdbc = context.getBean(JdbcTemplate.class);
    }

    /** The app's batch wiring on a fresh database; {@code failOnWrite} > 0 makes that decision write fail once. */
    static BatchTestBed start(String purpose) {
        return start(purpose, 0);
    }

    /** The same, with extra properties. */
    static BatchTestBed start(String purpose, int failOnWrite, String... properties) {
        TestPostgres database = TestServers.postgres().freshDatabase(purpose);
        DriverManagerDataSource migrations =
                new DriverManagerDataSource(database.jdbcUrl(), database.username(), database.password());
        DatabaseSchema.migrate(migrations);
        List<String> all = new ArrayList<>(List.of(
                "spring.datasource.url=" + database.jdbcUrl(),
                "spring.datasource.username=" + database.username(),
                "spring.datasource.password=" + database.password(),
                "spring.flyway.enabled=false",
                "kairos.batch.chunk-size=40",
                "kairos.batch.read-ahead=50",
                "kairos.batch.progress-interval=1s",
                "logging.level.io.kairos.batch=INFO"));
        for (String property : properties) {
            String key = property.substring(0, property.indexOf('=') + 1);
            all.removeIf(p -> p.startsWith(key));
            all.add(property);
        }
        SpringApplicationBuilder builder = new SpringApplicationBuilder(BatchOnly.class).web(WebApplicationType.NONE);
        if (failOnWrite > 0) {
            builder.initializers(
                    context -> context.getBeanFactory().addBeanPostProcessor(new FailingDecisionWrite(failOnWrite)));
        }
        return new BatchTestBed(builder.run(all.stream().map(p -> "--" + p).toArray(String[]::new)));
    }

    NightlyBatchRunner runner() {
        return context.getBean(NightlyBatchRunner.class);
    }

    /** Defines an experiment control 10 / batch 45 / realtime 45. */
    void defineExperiment(String key) {
        context.getBean(ExperimentStore.class).define(Experiment.batchVersusRealtime(key, "salt-" + key));
    }

    /** The experiment as the job reads it. */
    Experiment experiment(String key) {
        return context.getBean(ExperimentStore.class).find(key).orElseThrow();
    }

    /** Archives events through the persistence module's archive. */
    void archive(List<UserEvent> events) {
        DSLContext db = context.getBean(DSLContext.class);
        new PostgresEventArchive(db, EventPartitions.standard(db)).append(events);
    }

    /** A comparable line per recorded decision of the mode: id, campaign, user, arm, status, trigger, times. */
    List<String> decisionRows(String mode) {
        return jdbc.query(
                "select decision_id, campaign_id, user_id, arm, status, trigger_event_id, trigger_at, decided_at,"
                        + " planned_delivery_at, delivered_at, suppression_guard from decision where mode = ?"
                        + " order by decision_id",
                (r, i) -> line(
                        r.getString(1),
                        r.getString(2),
                        r.getString(3),
                        r.getString(4),
                        r.getString(5),
                        r.getString(6),
                        instant(r.getObject(7, OffsetDateTime.class)),
                        instant(r.getObject(8, OffsetDateTime.class)),
                        instant(r.getObject(9, OffsetDateTime.class)),
                        instant(r.getObject(10, OffsetDateTime.class)),
                        r.getString(11)),
                mode);
    }

    /** The same line for a decision computed in memory. */
    static String row(Decision d) {
        return line(
                d.id().toString(),
                d.campaignId(),
                d.userId(),
                d.arm(),
                d.status().name().toLowerCase(Locale.ROOT),
                d.triggerEventId().toString(),
                d.triggerAt(),
                d.decidedAt(),
                d.plannedDeliveryAt(),
                d.deliveredAt(),
                d.suppression() == null ? null : d.suppression().guard());
    }

    private static String line(Object... values) {
        return Arrays.stream(values).map(String::valueOf).collect(Collectors.joining("|"));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    /** Seeded events of {@code users} users over {@code days} days from {@link #START}, triggering every campaign. */
    static List<UserEvent> randomLog(long seed, int users, int perUser, int days) {
        Random random = new Random(seed);
        List<UserEvent> log = new ArrayList<>();
        long span = Duration.ofDays(days).toSeconds();
        for (int u = 0; u < users; u++) {
            for (int i = 0; i < perUser; i++) {
                log.add(new UserEvent(
                        new UUID(seed, (long) u * 100_000 + i),
                        "user-" + u,
                        START.plusSeconds((long) (random.nextDouble() * span)),
                        null,
                        properties(random)));
            }
        }
        log.sort(Comparator.comparing(UserEvent::occurredAt)
                .thenComparing(e -> e.eventId().toString()));
        return log;
    }

    static EventProperties properties(Random random) {
        return switch (random.nextInt(9)) {
            case 0, 1 -> new EventProperties.AddToCart("p" + random.nextInt(3), 1, 40, null);
            case 2 -> new EventProperties.CheckoutStarted(null);
            case 3 -> new EventProperties.Purchase("o" + random.nextInt(1000), 150 + random.nextInt(400), "EUR");
            case 4, 5 -> new EventProperties.ProductView("p1", random.nextBoolean() ? "sale" : "new", 9.0);
            case 6 -> new EventProperties.Custom("feature_used", Map.of("feature", "export"));
            case 7 -> new EventProperties.Custom("video_paused", Map.of("pause_seconds", 900.0));
            default -> new EventProperties.PageView("/", null);
        };
    }

    @Override
    public void close() {
        context.close();
    }

    /** The app's batch wiring and Spring Boot's auto-configuration, without Kafka. */
    @SpringBootConfiguration
    @EnableAutoConfiguration(
            excludeName = {
                "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
                "org.springframework.boot.kafka.autoconfigure.metrics.KafkaMetricsAutoConfiguration"
            })
    @Import({BatchConfiguration.class, ExperimentsConfiguration.class})
    static class BatchOnly {}

    /** Makes the job's {@code failOn}-th decision write fail, once: an injected crash in the middle of a run. */
    private static final class FailingDecisionWrite implements BeanPostProcessor {
        private final int failOn;
        private final AtomicInteger writes = new AtomicInteger();

        FailingDecisionWrite(int failOn) {
            this.failOn = failOn;
        }

        @Override
        public Object postProcessAfterInitialization(Object bean, String name) {
            if (!(bean instanceof NightlyJobPorts ports)) {
                return bean;
            }
            DecisionStore real = ports.decisions();
            DecisionStore failing = new DecisionStore() {
                @Override
                public void record(List<Decision> decisions) {
                    if (writes.incrementAndGet() == failOn) {
                        throw new IllegalStateException("injected failure on decision write " + failOn);
                    }
                    real.record(decisions);
                }

                @Override
                public Optional<Decision> find(UUID id, io.kairos.domain.experiment.Mode mode) {
                    return real.find(id, mode);
                }

                @Override
                public List<Decision> deliveredBetween(String experimentKey, Instant from, Instant until) {
                    return real.deliveredBetween(experimentKey, from, until);
                }
            };
            return new NightlyJobPorts(
                    ports.archive(),
                    ports.profiles(),
                    ports.timers(),
                    failing,
                    ports.outbox(),
                    ports.messages(),
                    ports.engines());
        }
    }

    static Map<String, Integer> counts(JdbcTemplate jdbc) {
        Map<String, Integer> counts = new HashMap<>();
        for (String table : List.of("decision", "decision_outbox", "batch_profile", "batch_pending_timer")) {
            counts.put(table, jdbc.queryForObject("select count(*) from " + table, Integer.class));
        }
        return counts;
    }
}
