package io.kairos.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.embedded.EmbeddedKafkaServer;
import io.kairos.embedded.EmbeddedPostgresServer;
import io.kairos.testsupport.TcpProxy;
import io.kairos.testsupport.TestKafka;
import io.kairos.testsupport.TestPostgres;
import io.kairos.testsupport.TestServers;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Faults under a steady load, one per test, each against the packaged {@code kairos stream} (real-time consumer,
 * archiver and publisher in one process, as it runs in production): after the fault and without a human, the
 * pipeline catches up and leaves exactly what an uninterrupted run of the same log leaves ({@link OutcomeChecker}).
 * Each scenario logs its recovery time ({@code RECOVERY <scenario> <ms>}); docs/operations.md, "Failures and
 * recovery", quotes them.
 */
class StreamFaultsIT {

    static final int USERS = 60;
    static final Duration PACE = Duration.ofMillis(15);
    static final List<FaultLog.Send> LOG = FaultLog.of(USERS, FaultRun.PARTITIONS);
    static OutcomeChecker.Snapshot uninterrupted;

    @BeforeAll
    static void runUninterrupted() throws Exception {
        uninterrupted = referenceRun();
    }

    /** The outcome of the log consumed by a stream that nothing disturbs. */
    static OutcomeChecker.Snapshot referenceRun() throws Exception {
        TestKafka kafka = TestServers.kafka();
        try (FaultRun run =
                new FaultRun("reference", kafka, TestServers.postgres().freshDatabase("faults_reference"))) {
            run.startStream(run.database);
            run.load(LOG, 0, LOG.size(), Duration.ZERO).get(2, TimeUnit.MINUTES);
            run.awaitCaughtUp();
            OutcomeChecker.Snapshot snapshot = run.snapshot();
            assertThat(snapshot.decisions()).as("the log makes decisions").isGreaterThan(USERS / 2);
            assertThat(snapshot.tables().get("decision_outbox"))
                    .as("some for the real-time arm")
                    .isNotEmpty();
            return snapshot;
        }
    }

    @Test
    void givenSteadyLoad_whenTheStreamIsKilledWithBatchesInFlight_thenTheRestartedStreamLeavesTheSameOutcome()
            throws Exception {
        try (FaultRun run = new FaultRun("kill_mid_batch", TestServers.kafka(), fresh("faults_kill_mid_batch"))) {
            run.startStream(run.database);
            CompletableFuture<Void> load = run.load(LOG, 0, LOG.size(), PACE);
            run.awaitRealtimeStored(LOG.size() / 3);
            run.kill(); // the load goes on: the consumer, archiver and publisher die mid-work
            long restarted = System.nanoTime();
            run.startStream(run.database);
            load.get(2, TimeUnit.MINUTES);
            FaultRun.recovery("stream killed mid-batch", restarted, run.awaitCaughtUp());
            System.out.println("caught up at " + java.time.Instant.now() + " after " + run.assignments());
            OutcomeChecker.assertSameOutcome(uninterrupted, run.snapshot());
        }
    }

    @Test
    void givenSteadyLoad_whenTheStreamIsKilledRightAfterItsCommits_thenTheRestartedStreamLeavesTheSameOutcome()
            throws Exception {
        try (FaultRun run = new FaultRun("kill_after_commit", TestServers.kafka(), fresh("faults_kill_commit"))) {
            run.startStream(run.database);
            int half = LOG.size() / 2;
            run.load(LOG, 0, half, PACE).get(2, TimeUnit.MINUTES);
            run.awaitCaughtUp(); // every batch so far committed, every decision so far published
            run.kill();
            long restarted = System.nanoTime();
            run.startStream(run.database);
            run.load(LOG, half, LOG.size(), PACE).get(2, TimeUnit.MINUTES);
            FaultRun.recovery("stream killed after a commit", restarted, run.awaitCaughtUp());
            System.out.println("caught up at " + java.time.Instant.now() + " after " + run.assignments());
            OutcomeChecker.Snapshot faulted = run.snapshot();
            OutcomeChecker.assertSameOutcome(uninterrupted, faulted);
            assertThat(faulted.republished())
                    .as("nothing was in flight at the kill, so nothing is published twice")
                    .isZero();
        }
    }

    @Test
    void givenSteadyLoad_whenPostgresStopsForSixtySeconds_thenTheStreamRidesThroughAndLeavesTheSameOutcome()
            throws Exception {
        Path data = Files.createTempDirectory("kairos-faults-pg");
        Path binaries = Path.of(System.getProperty("java.io.tmpdir"), "kairos-embedded-pg");
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, binaries, 0, "faults_outage");
        int port = server.port();
        TestPostgres database =
                new TestPostgres(server.jdbcUrl(), EmbeddedPostgresServer.USER, "", "embedded, stopped on purpose");
        try (FaultRun run = new FaultRun("postgres_outage", TestServers.kafka(), database)) {
            run.startStream(database);
            // 60 s of outage inside a load of about 70 s: events keep arriving while PostgreSQL is away.
            CompletableFuture<Void> load = run.load(LOG, 0, LOG.size(), Duration.ofMillis(400));
            run.awaitRealtimeStored(LOG.size() / 10);
            server.close();
            Thread.sleep(Duration.ofSeconds(60).toMillis());
            assertThat(run.streamAlive())
                    .as("the stream rides through an outage of PostgreSQL rather than exiting:\n%s", run.streamLog())
                    .isTrue();
            server = EmbeddedPostgresServer.start(data, binaries, port, "faults_outage");
            long back = System.nanoTime();
            load.get(2, TimeUnit.MINUTES);
            FaultRun.recovery("PostgreSQL down for 60 s", back, run.awaitCaughtUp());
            OutcomeChecker.assertSameOutcome(uninterrupted, run.snapshot());
            assertThat(run.streamLog()).as("the outage is logged").contains("retry");
        } finally {
            server.close();
        }
    }

    @Test
    void givenLatencyAndConnectionResetsToPostgres_whenTheStreamRuns_thenItRetriesAndLeavesTheSameOutcome()
            throws Exception {
        TestPostgres database = fresh("faults_resets");
        String hostAndPort = database.jdbcUrl().replaceFirst("^jdbc:postgresql://([^/]+)/.*$", "$1");
        String host = hostAndPort.contains(":") ? hostAndPort.substring(0, hostAndPort.lastIndexOf(':')) : hostAndPort;
        int port = hostAndPort.contains(":")
                ? Integer.parseInt(hostAndPort.substring(hostAndPort.lastIndexOf(':') + 1))
                : 5432;
        try (TcpProxy proxy = TcpProxy.start(host, port);
                FaultRun run = new FaultRun("postgres_resets", TestServers.kafka(), database)) {
            proxy.latency(Duration.ofMillis(5));
            run.startStream(FaultRun.via(database, url -> url.replace(hostAndPort, "127.0.0.1:" + proxy.port())));
            CompletableFuture<Void> load = run.load(LOG, 0, LOG.size(), PACE);
            for (int reset = 1; reset <= 3; reset++) {
                run.awaitRealtimeStored(LOG.size() * reset / 5);
                proxy.resetAll(); // mid-transaction for some: the commit's answer never arrives
            }
            long lastReset = System.nanoTime();
            proxy.latency(Duration.ZERO);
            load.get(2, TimeUnit.MINUTES);
            FaultRun.recovery("connections to PostgreSQL reset", lastReset, run.awaitCaughtUp());
            assertThat(run.streamAlive()).as(run.streamLog()).isTrue();
            OutcomeChecker.assertSameOutcome(uninterrupted, run.snapshot());
        }
    }

    @Test
    void givenLatencyAndConnectionResetsToKafka_whenTheStreamRuns_thenItReconnectsAndLeavesTheSameOutcome()
            throws Exception {
        // A broker of its own that sends its clients to the proxy: they connect to the advertised address, not to the
        // bootstrap one. The load and the checks use its own listener, off the proxy, as does the broker itself.
        int listening;
        try (ServerSocket free = new ServerSocket(0)) {
            listening = free.getLocalPort();
        }
        try (TcpProxy proxy = TcpProxy.start("127.0.0.1", listening);
                EmbeddedKafkaServer broker = EmbeddedKafkaServer.startAdvertising(
                        Files.createTempDirectory("kairos-faults-kafka"), listening, proxy.port());
                FaultRun run = new FaultRun(
                        "kafka_resets",
                        new TestKafka(broker.directBootstrapServers(), "embedded, advertising a proxy"),
                        fresh("faults_kafka_resets"))) {
            proxy.latency(Duration.ofMillis(5));
            run.startStream(run.database, broker.bootstrapServers());
            CompletableFuture<Void> load = run.load(LOG, 0, LOG.size(), PACE);
            int beforeResets = proxy.connections();
            for (int reset = 1; reset <= 3; reset++) {
                run.awaitRealtimeStored(LOG.size() * reset / 5);
                proxy.resetAll(); // fetches, heartbeats and the publisher's sends cut mid-request
            }
            long lastReset = System.nanoTime();
            proxy.latency(Duration.ZERO);
            load.get(2, TimeUnit.MINUTES);
            FaultRun.recovery("connections to Kafka reset", lastReset, run.awaitCaughtUp());
            assertThat(run.streamAlive()).as(run.streamLog()).isTrue();
            assertThat(proxy.connections())
                    .as("the stream's clients went through the proxy and reconnected after the resets")
                    .isGreaterThan(beforeResets)
                    .isGreaterThan(0);
            System.out.println("the stream's view of the resets: "
                    + run.streamLog()
                            .lines()
                            .filter(line -> line.contains("isconnect")
                                    || line.contains("retry")
                                    || line.contains("unavailable"))
                            .limit(12)
                            .toList());
            OutcomeChecker.assertSameOutcome(uninterrupted, run.snapshot());
        }
    }

    @Test
    void givenTwoStreamProcesses_whenOneIsFrozenPastItsSessionAndResumes_thenItsLateWorkIsFencedAndTheOutcomeIsTheSame()
            throws Exception {
        try (FaultRun run = new FaultRun("zombie_process", TestServers.kafka(), fresh("faults_zombie"))) {
            run.startStream(run.database);
            Process zombie = run.current();
            run.startStream(run.database); // the second instance shares the groups' partitions
            // About 17 s of load: it goes on after the zombie wakes, so the group rebalances back under load.
            CompletableFuture<Void> load = run.load(LOG, 0, LOG.size(), Duration.ofMillis(100));
            run.awaitRealtimeStored(LOG.size() / 6);
            run.signal(zombie, "STOP"); // alive, but silent: the group hands its partitions to the other
            Thread.sleep(Duration.ofSeconds(10).toMillis());
            run.signal(zombie, "CONT"); // it wakes up with the batch it held and tries to commit it
            long resumed = System.nanoTime();
            load.get(2, TimeUnit.MINUTES);
            FaultRun.recovery("a stream process frozen past its session (zombie)", resumed, run.awaitCaughtUp());
            assertThat(zombie.isAlive()).as("the zombie carries on as a member").isTrue();
            System.out.println("zombie's view: "
                    + run.logOf(zombie)
                            .lines()
                            .filter(line -> line.contains("committed past") || line.contains("revoked"))
                            .toList());
            OutcomeChecker.assertSameOutcome(uninterrupted, run.snapshot());
        }
    }

    static TestPostgres fresh(String purpose) {
        return TestServers.postgres().freshDatabase(purpose);
    }
}
