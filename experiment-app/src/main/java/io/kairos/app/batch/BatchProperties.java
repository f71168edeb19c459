package io.kairos.app.batch;

import io.kairos.batch.NightlyJobSettings;
import io.kairos.batch.NightlySchedule;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The nightly job's settings, under {@code kairos.batch.}.
 *
 * @param experiment the experiment a run is for when the command names none
 * @param runAt local time of the nightly run, which is also its cut-off
 * @param sendAt local time at which a run's messages go out (the first one at or after the cut-off)
 * @param zone the zone of {@code runAt} and {@code sendAt}
 * @param every the period between cut-offs: one day (the default) runs at {@code runAt} every day; a shorter period
 *     that divides a day (from 10 s) runs on every multiple of it since the epoch and sends at the cut-off, for a
 *     demo or a trial of the batch arm that cannot wait a night
 * @param chunkSize users per chunk
 * @param partitions user-hash partitions run in parallel
 * @param readAhead users read ahead per partition
 * @param maxEventsInMemory archived events a partition's reader holds at once (about 130 bytes each), a single
 *     user bucket excepted: a partition whose share of the period is larger is read in several slices of users,
 *     each one more scan of the period
 * @param progressInterval how often progress is logged
 * @param campaignFile the campaign file, or empty for the built-in default campaigns
 * @param timerGrace the engine's timer grace (used by streaming; batch fires timers due before the cut-off)
 * @param defaultUserZone the zone of users who never stated one
 * @param lockRetry how long a run waiting for another instance's run sleeps between attempts
 * @param lateDataPeriods how many earlier runs' periods each run re-reads for events archived after those runs
 */
@ConfigurationProperties("kairos.batch")
public record BatchProperties(
        @DefaultValue("default") String experiment,
        @DefaultValue("02:00") LocalTime runAt,
        @DefaultValue("08:00") LocalTime sendAt,
        @DefaultValue("UTC") ZoneId zone,
        @DefaultValue("1d") Duration every,
        @DefaultValue("2000") int chunkSize,
        @DefaultValue("2") int partitions,
        @DefaultValue("4000") int readAhead,
        @DefaultValue("2000000") long maxEventsInMemory,
        @DefaultValue("10s") Duration progressInterval,
        Path campaignFile,
        @DefaultValue("2m") Duration timerGrace,
        @DefaultValue("UTC") ZoneId defaultUserZone,
        @DefaultValue("5s") Duration lockRetry,
        @DefaultValue("1") int lateDataPeriods) {

    public BatchProperties {
        new NightlySchedule(runAt, sendAt, zone, every); // refuses a period that is not one, with the setting's name
    }

    /** The schedule these settings describe. */
    public NightlySchedule schedule() {
        return new NightlySchedule(runAt, sendAt, zone, every);
    }

    /** The job settings these settings describe. */
    public NightlyJobSettings jobSettings() {
        return new NightlyJobSettings(chunkSize, partitions, readAhead, progressInterval);
    }
}
