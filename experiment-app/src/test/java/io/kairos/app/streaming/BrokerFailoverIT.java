package io.kairos.app.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.event.UserEvent;
import io.kairos.embedded.EmbeddedKafkaCluster;
import io.kairos.streaming.consume.CommitListener;
import io.kairos.streaming.wire.DecisionMessages;
import io.kairos.testsupport.TestServers;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker fault on a cluster of three (replication factor 3, min.insync.replicas 2): under a steady load, the
 * broker that leads a partition of the activity topic stops and comes back. The real-time consumer, the archiver and
 * the decision publisher ride through it without a human, and the outcome is that of an uninterrupted run of the same
 * log: the same decisions, the same archive (no event lost, none twice), each decision published once.
 */
class BrokerFailoverIT {

    private static final Logger log = LoggerFactory.getLogger(BrokerFailoverIT.class);
    private static final int PARTITIONS = 3;
    private static final int MAX_POLL_RECORDS = 5;
    private static final int USERS = 90;
    /** The pause between two sends: a steady trickle of events rather than one burst. */
    private static final long PAUSE_MILLIS = 15;

    private final TestServers.TestKafkaCluster cluster = TestServers.kafkaCluster();

    static List<Object> workload() {
        return Workload.mixed(USERS);
    }

    private static void send(StreamingRig rig, Object send) {
        if (send instanceof UserEvent event) {
            rig.send(event);
        } else {
            rig.sendWatermark((Instant) send);
        }
    }

    /** Decision ids on the decisions topic, in order of their decision id, once per message read. */
    private static List<String> published(StreamingRig rig, int expected) {
        return rig.readAll(rig.decisions, expected).stream()
                .map(record -> StreamingRig.header(record, DecisionMessages.DECISION_ID_HEADER))
                .sorted()
                .toList();
    }

    private static List<String> outboxIds(StreamingRig rig) {
        return StreamingCrashSafetyIT.lines(rig, "select decision_id from decision_outbox").stream()
                .sorted()
                .toList();
    }

    private static void awaitAllPublished(StreamingRig rig) throws InterruptedException {
        rig.await(() -> rig.db.fetchCount(rig.db.selectFrom("decision_outbox").where("published_at is null")) == 0);
    }

    @Test
    void givenASteadyLoad_whenThePartitionLeaderStopsAndComesBack_thenTheOutcomeEqualsAnUninterruptedRun()
            throws Exception {
        List<Object> sends = workload();
        Map<String, List<String>> uninterrupted;
        List<String> uninterruptedPublished;
        long uninterruptedRecords;
        try (StreamingRig rig =
                new StreamingRig(cluster.kafka(), "broker-uninterrupted", PARTITIONS, MAX_POLL_RECORDS)) {
            rig.startRealtime(CommitListener.NONE);
            rig.startArchiver();
            rig.startPublisher();
            sends.forEach(send -> send(rig, send));
            long records = rig.flush();
            uninterruptedRecords = records;
            rig.awaitStored("realtime-" + rig.activity, records);
            rig.awaitStored("archive-" + rig.activity, records);
            awaitAllPublished(rig);
            uninterrupted = StreamingCrashSafetyIT.snapshot(rig);
            uninterruptedPublished = published(rig, outboxIds(rig).size());
            assertThat(uninterruptedPublished).containsExactlyElementsOf(outboxIds(rig));
        }
        assertThat(uninterrupted.get("decision"))
                .as("the workload decides something")
                .hasSizeGreaterThan(20);

        EmbeddedKafkaCluster brokers = cluster.brokers();
        try (StreamingRig rig = new StreamingRig(cluster.kafka(), "broker-fault", PARTITIONS, MAX_POLL_RECORDS)) {
            String realtimeGroup = "realtime-" + rig.activity;
            rig.startRealtime(CommitListener.NONE);
            rig.startArchiver();
            rig.startPublisher();
            int leader = brokers.leaderOf(rig.activity, 0);
            AtomicInteger sent = new AtomicInteger();
            Thread load = new Thread(
                    () -> {
                        for (Object send : sends) {
                            send(rig, send);
                            sent.incrementAndGet();
                            sleep(PAUSE_MILLIS);
                        }
                    },
                    "steady-load");
            load.start();
            rig.await(() -> sent.get() >= sends.size() / 3);

            long storedBefore = storedOffset(rig, realtimeGroup, 0);
            long stopped = System.nanoTime();
            brokers.stopBroker(leader);
            long stopTook = System.nanoTime() - stopped;
            // recovered: the consumer commits records of the partition the stopped broker led, now led by another
            rig.await(() -> storedOffset(rig, realtimeGroup, 0) > storedBefore);
            long firstCommit = System.nanoTime() - stopped;
            int newLeader = brokers.leaderOf(rig.activity, 0);

            rig.await(() -> sent.get() >= 2 * sends.size() / 3);
            long restarting = System.nanoTime();
            brokers.startBroker(leader);
            long restartTook = System.nanoTime() - restarting;
            load.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(load.isAlive()).as("the load finished").isFalse();

            long records = rig.flush();
            rig.awaitStored(realtimeGroup, records);
            rig.awaitStored("archive-" + rig.activity, records);
            long caughtUp = System.nanoTime() - stopped;
            awaitAllPublished(rig);
            log.info(
                    "Broker fault: broker {} (leader of partition 0) stopped in {} ms; partition 0 led by {}; first"
                            + " commit of its records {} ms after the stop began ({} ms after it ended); broker back"
                            + " in {} ms; every record committed (lag 0) {} ms after the stop",
                    leader,
                    TimeUnit.NANOSECONDS.toMillis(stopTook),
                    newLeader,
                    TimeUnit.NANOSECONDS.toMillis(firstCommit),
                    TimeUnit.NANOSECONDS.toMillis(firstCommit - stopTook),
                    TimeUnit.NANOSECONDS.toMillis(restartTook),
                    TimeUnit.NANOSECONDS.toMillis(caughtUp));

            assertThat(newLeader).isNotEqualTo(leader).isPositive();
            assertThat(records).as("the same log, no send lost or doubled").isEqualTo(uninterruptedRecords);
            Map<String, List<String>> actual = StreamingCrashSafetyIT.snapshot(rig);
            assertThat(actual.keySet()).isEqualTo(uninterrupted.keySet());
            for (String table : uninterrupted.keySet()) {
                assertThat(actual.get(table)).as(table).containsExactlyElementsOf(uninterrupted.get(table));
            }
            List<String> published = published(rig, uninterruptedPublished.size());
            assertThat(published)
                    .as("each decision published exactly once")
                    .containsExactlyElementsOf(uninterruptedPublished);
            assertThat(rig.endOffsets(rig.decisions)).isEqualTo(uninterruptedPublished.size());
            assertThat(brokers.inSyncReplicas(rig.activity, 0)).hasSizeGreaterThanOrEqualTo(2);
        } finally {
            for (int node = 1; node <= EmbeddedKafkaCluster.BROKERS; node++) {
                brokers.startBroker(node);
            }
        }
    }

    private static long storedOffset(StreamingRig rig, String group, int partition) {
        Number offset = (Number) rig.db.fetchValue(
                "select coalesce(max(next_offset), 0) from consumer_offset where consumer_group = ? and partition_no = ?",
                group,
                partition);
        return offset.longValue();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
