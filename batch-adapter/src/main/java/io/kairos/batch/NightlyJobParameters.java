package io.kairos.batch;

import io.kairos.domain.port.in.BatchRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/**
 * The parameters of one nightly run. The experiment, the cut-off and the re-run number identify the job instance (a
 * failed instance started again resumes; a completed one is only executed again as an explicit re-run); the rest are
 * derived from the job repository's history and do not identify it.
 *
 * <p>Late data: {@code replay} lists the earlier runs whose periods are read again, oldest first, each as the run it
 * was (its cut-off and send time). The job starts from the snapshots at {@code replayStart}, replays those periods as
 * their runs did, now including events archived after them, and keeps the state, not the decisions, of the replay.
 *
 * @param experimentKey the experiment whose decisions are computed
 * @param cutoff the "as of" instant: events and timers strictly before it are evaluated
 * @param from the previous successful cut-off of the experiment (the start of the period), or the epoch for the first
 * @param sendAt when the run's messages go out
 * @param replayStart where reading starts and the snapshots are taken from: the cut-off before the oldest replayed
 *     run, or {@code from} when nothing is replayed
 * @param replay the replayed runs, oldest first; the last one's cut-off is {@code from}
 * @param rerun 0 for the run of a cut-off, n for its n-th explicit re-run
 * @param expectedUsers users the previous run processed, the estimate behind the ETA (0 if unknown)
 */
public record NightlyJobParameters(
        String experimentKey,
        Instant cutoff,
        Instant from,
        Instant sendAt,
        Instant replayStart,
        List<BatchRun> replay,
        long rerun,
        long expectedUsers) {

    /** Job parameter: the experiment key. */
    public static final String EXPERIMENT = "experiment";
    /** Job parameter: the cut-off, ISO-8601. */
    public static final String CUTOFF = "cutoff";
    /** Job parameter: the start of the period, ISO-8601. */
    public static final String FROM = "from";
    /** Job parameter: the send time, ISO-8601. */
    public static final String SEND_AT = "sendAt";
    /** Job parameter: where reading starts, ISO-8601. */
    public static final String REPLAY_START = "replayStart";
    /** Job parameter: the replayed runs, {@code cutoff@sendAt} comma-separated, oldest first. */
    public static final String REPLAY = "replay";
    /** Job parameter: the re-run number. */
    public static final String RERUN = "rerun";
    /** Job parameter: the expected number of users. */
    public static final String EXPECTED_USERS = "expectedUsers";

    public NightlyJobParameters {
        Objects.requireNonNull(experimentKey, "experimentKey");
        Objects.requireNonNull(cutoff, "cutoff");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(sendAt, "sendAt");
        Objects.requireNonNull(replayStart, "replayStart");
        replay = List.copyOf(replay);
        if (!from.isBefore(cutoff)) {
            throw new IllegalArgumentException("the period must start before the cut-off: " + from + " / " + cutoff);
        }
        Instant previous = replayStart;
        for (BatchRun run : replay) {
            if (!run.cutoff().isAfter(previous)) {
                throw new IllegalArgumentException("replayed runs must follow each other after " + replayStart);
            }
            previous = run.cutoff();
        }
        if (!previous.equals(from)) {
            throw new IllegalArgumentException(
                    "the replay must end where the period starts: " + previous + " / " + from);
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
                .addString(REPLAY_START, replayStart.toString(), false)
                .addString(REPLAY, encode(replay), false)
                .addLong(EXPECTED_USERS, expectedUsers, false)
                .toJobParameters();
    }

    /** Reads them back from a job execution's parameters. */
    public static NightlyJobParameters of(JobParameters parameters) {
        Long expected = parameters.getLong(EXPECTED_USERS);
        Long rerun = parameters.getLong(RERUN);
        Instant from = Instant.parse(parameters.getString(FROM));
        String replayStart = parameters.getString(REPLAY_START);
        return new NightlyJobParameters(
                parameters.getString(EXPERIMENT),
                Instant.parse(parameters.getString(CUTOFF)),
                from,
                Instant.parse(parameters.getString(SEND_AT)),
                replayStart == null ? from : Instant.parse(replayStart),
                decode(parameters.getString(REPLAY, "")),
                rerun == null ? 0 : rerun,
                expected == null ? 0 : expected);
    }

    /** The {@link #REPLAY} parameter's text for these runs. */
    public static String encode(List<BatchRun> runs) {
        return runs.stream().map(r -> r.cutoff() + "@" + r.sendAt()).collect(Collectors.joining(","));
    }

    /** The runs a {@link #REPLAY} parameter's text lists. */
    public static List<BatchRun> decode(String text) {
        List<BatchRun> runs = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return runs;
        }
        for (String run : text.split(",")) {
            String[] parts = run.split("@");
            runs.add(new BatchRun(Instant.parse(parts[0]), Instant.parse(parts[1])));
        }
        return runs;
    }
}
