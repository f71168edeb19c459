package io.kairos.app.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.experiment.Arm;
import io.kairos.domain.experiment.Experiment;
import io.kairos.domain.experiment.Mode;
import io.kairos.streaming.consume.CommitListener;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Two experiments streamed against one database on the same traffic, each by its own consumer group, keep their own
 * streaming state and timers (migration V22): each decides exactly as it does when streamed alone.
 */
class ConcurrentExperimentStreamsIT {

    static final int PARTITIONS = 3;
    static final int MAX_POLL_RECORDS = 20;
    static final Experiment SECOND =
            new Experiment("second", "another salt", List.of(new Arm("realtime", 1, Set.of(Mode.REALTIME))));

    @Test
    void givenTwoExperimentsStreamedAgainstOneDatabase_whenTheSameTrafficArrives_thenEachDecidesAsIfAlone()
            throws Exception {
        List<Object> log = Workload.mixed(40);
        String key = StreamingRig.ALL_REALTIME.key();
        List<String> aloneDecisions;
        List<String> aloneContent;
        List<String> aloneStates;
        List<String> aloneTimers;
        try (StreamingRig rig = new StreamingRig("one experiment streamed alone", PARTITIONS, MAX_POLL_RECORDS)) {
            rig.startRealtime(CommitListener.NONE);
            rig.awaitStored(rig.pipeline.options().realtimeGroup(), StreamingCrashSafetyIT.produce(rig, log));
            aloneDecisions = decisions(rig, key);
            aloneContent = content(rig, key);
            aloneStates = states(rig, key);
            aloneTimers = timers(rig, key);
        }
        assertThat(aloneContent).as("the workload triggers decisions").hasSizeGreaterThan(10);
        assertThat(aloneTimers).as("and leaves timers pending").isNotEmpty();

        try (StreamingRig rig = new StreamingRig("two experiments streamed together", PARTITIONS, MAX_POLL_RECORDS)) {
            StreamingPipeline second = rig.pipelineFor(SECOND);
            rig.startRealtime(CommitListener.NONE);
            rig.startRealtime(second);
            long end = StreamingCrashSafetyIT.produce(rig, log);
            rig.awaitStored(rig.pipeline.options().realtimeGroup(), end);
            rig.awaitStored(second.options().realtimeGroup(), end);

            assertThat(decisions(rig, key)).isEqualTo(aloneDecisions);
            assertThat(states(rig, key)).isEqualTo(aloneStates);
            assertThat(timers(rig, key)).isEqualTo(aloneTimers);
            assertThat(content(rig, SECOND.key()))
                    .as("the second experiment decides the same triggers under its own ids")
                    .isEqualTo(aloneContent);
            assertThat(timers(rig, SECOND.key())).isEqualTo(aloneTimers);
            assertThat(rig.db.fetchValue("select count(*) from user_state where experiment_key = ?", SECOND.key()))
                    .isEqualTo((long) aloneStates.size());
            assertThat(rig.db.fetchValue("select count(distinct decision_id) from decision"))
                    .isEqualTo(2L * aloneDecisions.size());
        }
    }

    /** An experiment's decisions, ids included. */
    static List<String> decisions(StreamingRig rig, String experiment) {
        return lines(
                rig,
                "select decision_id || ' ' || mode || ' ' || status from decision where experiment_key = ?"
                        + " order by 1",
                experiment);
    }

    /** What an experiment decided for whom and when, without its ids (which contain the experiment's key). */
    static List<String> content(StreamingRig rig, String experiment) {
        return lines(
                rig,
                "select concat_ws(' ', mode, status, user_id, campaign_id, trigger_event_id, trigger_at, decided_at,"
                        + " planned_delivery_at, delivered_at, channel, offer, suppression_guard)"
                        + " from decision where experiment_key = ? order by 1",
                experiment);
    }

    static List<String> states(StreamingRig rig, String experiment) {
        return lines(
                rig, "select user_id || ' ' || state from user_state where experiment_key = ? order by 1", experiment);
    }

    static List<String> timers(StreamingRig rig, String experiment) {
        return lines(
                rig,
                "select concat_ws(' ', user_id, timer_key, due_at, start_event->>'eventId') from pending_timer"
                        + " where experiment_key = ? order by 1",
                experiment);
    }

    private static List<String> lines(StreamingRig rig, String sql, String experiment) {
        return rig.db.fetch(sql, experiment).getValues(0, String.class);
    }
}
