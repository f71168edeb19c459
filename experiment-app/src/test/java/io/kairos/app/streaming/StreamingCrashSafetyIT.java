package io.kairos.app.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.event.UserEvent;
import io.kairos.domain.port.out.PollBatchWrites;
import io.kairos.streaming.consume.CommitListener;
import io.kairos.streaming.consume.PollLoop;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once in effect: a consumer killed right after a PostgreSQL commit, or in the middle of a batch (before its
 * commit), and restarted, leaves decisions, state, timers, outbox and archive exactly as an uninterrupted run does;
 * so does a rebalance to a second consumer instance in the middle of the stream.
 */
class StreamingCrashSafetyIT {

    static final int PARTITIONS = 3;
    static final int MAX_POLL_RECORDS = 5;
    static Map<String, List<String>> uninterrupted;

    static List<Object> workload() {
        return Workload.mixed(24);
    }

    static long produce(StreamingRig rig, List<Object> sends) {
        for (Object send : sends) {
            if (send instanceof UserEvent event) {
                rig.send(event);
            } else {
                rig.sendWatermark((Instant) send);
            }
        }
        return rig.flush();
    }

    /** Everything the streaming side wrote, as comparable lines, minus run-specific names. */
    static Map<String, List<String>> snapshot(StreamingRig rig) {
        Map<String, List<String>> tables = new TreeMap<>();
        tables.put(
                "decision",
                lines(
                        rig,
                        "select decision_id, mode, status, user_id, campaign_id, decided_at,"
                                + " delivered_at, payload from decision order by decision_id, mode"));
        tables.put("user_state", lines(rig, "select user_id, state::text from user_state order by user_id"));
        tables.put(
                "pending_timer",
                lines(
                        rig,
                        "select user_id, timer_key, due_at, start_event->>'eventId'"
                                + " from pending_timer order by user_id, timer_key"));
        tables.put(
                "decision_outbox",
                lines(
                        rig,
                        "select decision_id, message_key,"
                                + " (payload::jsonb - 'sourceRecordTimestamp')::text from decision_outbox"
                                + " order by decision_id"));
        tables.put(
                "user_event",
                lines(
                        rig,
                        "select event_id, occurred_at, user_id, event_type, properties::text"
                                + " from user_event order by occurred_at, event_id"));
        tables.put(
                "consumer_offset",
                lines(
                        rig,
                        "select split_part(consumer_group, '-', 1), partition_no,"
                                + " next_offset from consumer_offset order by 1, 2"));
        return tables;
    }

    static void assertSameOutcome(Map<String, List<String>> actual) {
        assertThat(actual.keySet()).isEqualTo(uninterrupted.keySet());
        for (String table : uninterrupted.keySet()) {
            assertThat(actual.get(table)).as(table).containsExactlyElementsOf(uninterrupted.get(table));
        }
    }

    static List<String> lines(StreamingRig rig, String sql) {
        return rig.db.fetch(sql).map(row -> {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == 0 ? "" : "|").append(row.get(i));
            }
            return line.toString();
        });
    }

    /** Kills the consumer's thread at the {@code n}-th commit, before or after PostgreSQL has it. */
    static CommitListener crashAt(int n, boolean afterCommit) {
        AtomicInteger commits = new AtomicInteger();
        return new CommitListener() {
            @Override
            public void beforeCommit(PollBatchWrites writes) {
                if (!afterCommit && commits.incrementAndGet() == n) {
                    throw new StreamingRig.SimulatedCrash("in the middle of batch " + n);
                }
            }

            @Override
            public void afterCommit(PollBatchWrites writes) {
                if (afterCommit && commits.incrementAndGet() == n) {
                    throw new StreamingRig.SimulatedCrash("right after the commit of batch " + n);
                }
            }
        };
    }

    @BeforeAll
    static void runUninterrupted() throws Exception {
        try (StreamingRig rig = new StreamingRig("uninterrupted", PARTITIONS, MAX_POLL_RECORDS)) {
            rig.startRealtime(CommitListener.NONE);
            rig.startArchiver();
            long records = produce(rig, workload());
            rig.awaitStored("realtime-" + rig.activity, records);
            rig.awaitStored("archive-" + rig.activity, records);
            uninterrupted = snapshot(rig);
        }
        assertThat(uninterrupted.get("decision"))
                .as("the workload decides something")
                .hasSizeGreaterThan(5);
        assertThat(uninterrupted.get("pending_timer"))
                .as("and leaves timers pending")
                .isNotEmpty();
    }

    @Test
    void givenConsumersKilledAfterACommitAndMidBatch_whenRestarted_thenTheOutcomeEqualsAnUninterruptedRun()
            throws Exception {
        try (StreamingRig rig = new StreamingRig("crashes", PARTITIONS, MAX_POLL_RECORDS)) {
            long records = produce(rig, workload());
            PollLoop realtime = rig.startRealtime(crashAt(3, true));
            PollLoop archiver = rig.startArchiver(crashAt(2, true));
            rig.await(() -> realtime.failure().isPresent() && archiver.failure().isPresent());
            long afterFirstCrash = rig.storedTotal("realtime-" + rig.activity);
            assertThat(afterFirstCrash).isPositive().isLessThan(records);

            PollLoop realtimeAgain = rig.startRealtime(crashAt(2, false));
            PollLoop archiverAgain = rig.startArchiver(crashAt(1, false));
            rig.await(() -> realtimeAgain.failure().isPresent()
                    && archiverAgain.failure().isPresent());
            assertThat(rig.storedTotal("realtime-" + rig.activity)).isLessThan(records);

            rig.startRealtime(CommitListener.NONE);
            rig.startArchiver();
            rig.awaitStored("realtime-" + rig.activity, records);
            rig.awaitStored("archive-" + rig.activity, records);
            assertSameOutcome(snapshot(rig));
        }
    }

    @Test
    void givenASecondConsumerJoiningMidStream_whenPartitionsMove_thenTheOutcomeEqualsAnUninterruptedRun()
            throws Exception {
        try (StreamingRig rig = new StreamingRig("rebalance", PARTITIONS, MAX_POLL_RECORDS)) {
            List<Object> sends = workload();
            rig.startRealtime(CommitListener.NONE);
            rig.startArchiver();
            long firstHalf = produce(rig, sends.subList(0, sends.size() / 2));
            rig.await(() -> rig.storedTotal("realtime-" + rig.activity) >= firstHalf / 2);
            rig.startRealtime(CommitListener.NONE);
            rig.startArchiver();
            long records = produce(rig, sends.subList(sends.size() / 2, sends.size()));
            rig.awaitStored("realtime-" + rig.activity, records);
            rig.awaitStored("archive-" + rig.activity, records);
            assertSameOutcome(snapshot(rig));
        }
    }
}
