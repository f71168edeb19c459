package io.kairos.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.app.PackagedKairos;
import io.kairos.app.ProcessOutput;
import io.kairos.domain.event.EventProperties;
import io.kairos.domain.event.UserEvent;
import io.kairos.domain.experiment.Experiment;
import io.kairos.persistence.DatabaseSchema;
import io.kairos.persistence.store.EventPartitions;
import io.kairos.persistence.store.PostgresEventArchive;
import io.kairos.persistence.store.PostgresExperimentStore;
import io.kairos.testsupport.TestPostgres;
import io.kairos.testsupport.TestServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The packaged {@code kairos batch} killed with SIGKILL in the middle of its step (chunks committed, more to come),
 * then run again for the same cut-off, as a supervisor or the next night's catch-up would: the execution the kill
 * left {@code STARTED} is recovered without a human, the run resumes, and every decision is written once, exactly
 * as by an uninterrupted run over the same archive.
 */
class NightlyBatchKillIT {

    static final int USERS = 8_000;
    static final String EXPERIMENT = "faults";
    static final String CUTOFF = "2026-11-29";
    static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    static final Duration LIMIT = Duration.ofMinutes(4);

    @Test
    void givenTheNightlyJobKilledMidStep_whenTheSameCutoffRunsAgain_thenEachDecisionIsWrittenOnceAsUninterrupted()
            throws Exception {
        List<UserEvent> day = day();
        TestPostgres reference = prepared("batch_kill_reference", day);
        TestPostgres killed = prepared("batch_kill", day);
        Path work = Files.createTempDirectory("kairos-faults-batch");

        Run uninterrupted = start(reference, work);
        assertThat(uninterrupted.process().waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS))
                .isTrue();
        assertThat(uninterrupted.process().exitValue()).as(uninterrupted.log()).isZero();

        Process first = start(killed, work).process();
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (committedChunksOfRunningSteps(killed) < 3 && first.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        first.destroyForcibly();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(committedChunksOfRunningSteps(killed))
                .as("killed in the middle of the step, after some chunks were committed")
                .isPositive();

        long restarted = System.nanoTime();
        Run second = start(killed, work);
        assertThat(second.process().waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS))
                .isTrue();
        FaultRun.recovery("nightly job killed mid-step", restarted, System.nanoTime());
        String log = second.log();
        assertThat(second.process().exitValue()).as(log).isZero();
        assertThat(log).contains("by a process that died; recovering it as FAILED");

        OutcomeChecker.assertSameOutcome(
                OutcomeChecker.snapshot(reference, null, null), OutcomeChecker.snapshot(killed, null, null));
        assertThat(OutcomeChecker.snapshot(killed, null, null).decisions())
                .as("the day makes decisions")
                .isGreaterThan(USERS / 4);
    }

    /** A day of carts, a third of them bought, from {@link #USERS} users. */
    static List<UserEvent> day() {
        List<UserEvent> events = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            String user = String.format("night-u%05d", i);
            Instant at = T0.plusSeconds(i % 3600);
            events.add(new UserEvent(
                    id(user + "/cart"),
                    user,
                    at,
                    "s-" + user,
                    new EventProperties.AddToCart("p-" + i % 50, 1, 30.0, "shoes")));
            if (i % 3 == 0) {
                events.add(new UserEvent(
                        id(user + "/purchase"),
                        user,
                        at.plusSeconds(600),
                        "s-" + user,
                        new EventProperties.Purchase("o-" + user, 30.0, "EUR")));
            }
        }
        return events;
    }

    static TestPostgres prepared(String purpose, List<UserEvent> day) {
        TestPostgres database = TestServers.postgres().freshDatabase(purpose);
        DriverManagerDataSource dataSource =
                new DriverManagerDataSource(database.jdbcUrl(), database.username(), database.password());
        DatabaseSchema.migrate(dataSource);
        DSLContext db = DSL.using(dataSource, SQLDialect.POSTGRES);
        new PostgresExperimentStore(db).define(Experiment.batchVersusRealtime(EXPERIMENT, "kairos"));
        new PostgresEventArchive(db, EventPartitions.standard(db)).append(day);
        return database;
    }

    /** A {@code kairos batch} process with its output collected (so that a full pipe never blocks it). */
    record Run(Process process, ProcessOutput out, ProcessOutput err) {
        String log() throws Exception {
            return out.whenClosed() + err.whenClosed();
        }
    }

    static Run start(TestPostgres database, Path work) throws Exception {
        Process process = PackagedKairos.builder(
                        work,
                        List.of(),
                        Map.of(),
                        List.of(
                                "batch",
                                "--experiment=" + EXPERIMENT,
                                "--cutoff=" + CUTOFF,
                                "--spring.datasource.url=" + database.jdbcUrl(),
                                "--spring.datasource.username=" + database.username(),
                                "--spring.datasource.password=" + database.password(),
                                "--spring.kafka.bootstrap-servers="
                                        + TestServers.kafka().bootstrapServers(),
                                "--kairos.batch.chunk-size=50"))
                .start();
        return new Run(
                process,
                ProcessOutput.of(process.getInputStream(), LIMIT),
                ProcessOutput.of(process.getErrorStream(), LIMIT));
    }

    static long committedChunksOfRunningSteps(TestPostgres database) {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("select coalesce(sum(commit_count), 0)"
                        + " from batch_step_execution where status = 'STARTED'")) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            return 0;
        }
    }

    private static UUID id(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}
