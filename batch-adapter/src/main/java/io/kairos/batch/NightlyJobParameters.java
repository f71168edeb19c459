package io.kairos.batch;

import io.kairos.domain.port.in.BatchRun;
import java.time.Instant;
import java.util.Objects;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/**
 * The parameters of one nightly run. The experiment, the cut-off and the re-run number identify the job instance (a
 * failed instance started again resumes; a completed one is only executed again as an explicit re-run); the rest are
 * derived and do not identify it.
 *
 * @param experimentKey the experiment whose decisions are computed
 * @param cutoff the "as of" instant: events and timers strictly before it are evaluated
 * @param from the previous successful cut-off of the experiment (the start of the period), or the epoch for the first
 * @param sendAt when the run's messages go out
 * @param rerun 0 for the run of a cut-off, n for its n-th explicit re-run
 * @param expectedUsers users the previous run processed, the estimate behind the ETA (0 if unknown)
 */
public record NightlyJobParameters(
        String experimentKey, Instant cutoff, Instant from, Instant sendAt, long rerun, long expectedUsers) {

    /** Job parameter: the experiment key. */
    public static final String EXPERIMENT = "experiment";
    /** Job parameter: the cut-off, ISO-8601. */
    public static final String CUTOFF = "cutoff";
    /** Job parameter: the start of the period, ISO-8601. */
    public static final String FROM = "from";
    /** Job parameter: the send time, ISO-8601. */
    public static final String SEND_AT = "sendAt";
    /** Job parameter: the re-run number. */
    public static final String RERUN = "rerun";
    /** Job parameter: the expected number of users. */
    public static final String EXPECTED_USERS = "expectedUsers";

    public NightlyJobParameters {
        Objects.requireNonNull(experimentKey, "experimentKey");
        Objects.requireNonNull(cutoff, "cutoff");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(sendAt, "sendAt");
        if (!from.isBefore(cutoff)) {
            throw new IllegalArgumentException("the period must start before the cut-off: " + from + " / " + cutoff);
        }
        if (rerun < 0 || expectedUsers < 0) {
            throw new IllegalArgumentException("rerun and expectedUsers must not be negative");
        }
    }

    /** The engine's view of the run. */
    public BatchRun batchRun() {
        return new BatchRun(cutoff, sendAt);
    }

    /** As Spring Batch job parameters. */
    public JobParameters toJobParameters() {
        return new JobParametersBuilder()
                .addString(EXPERIMENT, experimentKey, true)
                .addString(CUTOFF, cutoff.toString(), true)
                .addLong(RERUN, rerun, true)
                .addString(FROM, from.toString(), false)
                .addString(SEND_AT, sendAt.toString(), false)
                .addLong(EXPECTED_USERS, expectedUsers, false)
                .toJobParameters();
    }

    /** Reads them back from a job execution's parameters. */
    public static NightlyJobParameters of(JobParameters parameters) {
        Long expected = parameters.getLong(EXPECTED_USERS);
        Long rerun = parameters.getLong(RERUN);
        return new NightlyJobParameters(
                parameters.getString(EXPERIMENT),
                Instant.parse(parameters.getString(CUTOFF)),
                Instant.parse(parameters.getString(FROM)),
                Instant.parse(parameters.getString(SEND_AT)),
                rerun == null ? 0 : rerun,
                expected == null ? 0 : expected);
    }
}
