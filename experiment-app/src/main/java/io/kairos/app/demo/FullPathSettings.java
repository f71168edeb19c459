package io.kairos.app.demo;

import io.kairos.domain.experiment.Experiment;
import io.kairos.simulator.BatchSchedule;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a full-path run configures the platform: the experiment, the run's id (which names its topics and consumer
 * groups, so runs never share them), the timer grace of both modes, the nightly schedule, the users' default zone, and
 * how long to wait for a consumer before giving up.
 *
 * @param experiment the experiment to define and run; its key and salt decide every user's arm
 * @param runId names the run's topics ({@code <run id>.user-activity}, ...) and consumer groups
 * @param grace how long past a timer's due time the real-time consumer waits, in event time
 * @param schedule the nightly batch's cut-off and send times and their zone
 * @param defaultZone the zone of users who never stated one
 * @param catchUpTimeout the longest wait for a consumer to commit a window's records
 */
public record FullPathSettings(
        Experiment experiment,
        String runId,
        Duration grace,
        BatchSchedule schedule,
        ZoneId defaultZone,
        Duration catchUpTimeout) {

    public FullPathSettings {
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(defaultZone, "defaultZone");
        Objects.requireNonNull(catchUpTimeout, "catchUpTimeout");
    }

    /** The run's activity topic: {@code <run id>.user-activity}. */
    public String activityTopic() {
        return runId + ".user-activity";
    }

    /**
     * The configuration properties that point the app's streaming and batch wiring at this run: its topics, groups
     * and experiment, the same grace and default zone in both modes, no wall-clock heartbeat (event time is virtual),
     * no future-skew limit (simulated time may lie ahead of the wall clock), and quiet progress logs.
     */
    public Map<String, Object> springProperties() {
        String key = experiment.key();
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("kairos.kafka.activity-topic", activityTopic());
        properties.put("kairos.kafka.dead-letter-topic", runId + ".user-activity.dlq");
        properties.put("kairos.kafka.decisions-topic", runId + ".decisions");
        properties.put("kairos.streaming.experiment-key", key);
        properties.put("kairos.streaming.salt", experiment.salt());
        properties.put("kairos.streaming.realtime-group", "realtime-" + runId);
        properties.put("kairos.streaming.archive-group", "archive-" + runId);
        properties.put("kairos.streaming.grace", grace.toString());
        properties.put("kairos.streaming.default-zone", defaultZone.getId());
        properties.put("kairos.streaming.heartbeat-interval", "0s");
        properties.put(
                "kairos.streaming.max-future-skew", Duration.ofDays(365 * 100).toString());
        properties.put("kairos.streaming.progress-interval", "1h");
        properties.put("kairos.streaming.poll-timeout", "50ms");
        properties.put("kairos.batch.experiment", key);
        properties.put("kairos.batch.run-at", schedule.cutoff().toString());
        properties.put("kairos.batch.send-at", schedule.sendAt().toString());
        properties.put("kairos.batch.zone", schedule.zone().getId());
        properties.put("kairos.batch.timer-grace", grace.toString());
        properties.put("kairos.batch.default-user-zone", defaultZone.getId());
        properties.put("kairos.batch.late-data-periods", "0");
        properties.put("kairos.batch.progress-interval", "1h");
        return properties;
    }
}
