package io.kairos.batch;

import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The job's last step: deletes the experiment's profile and timer snapshots that no run reads any more. The boundary
 * is the start of this run's read window ({@code replayStart}): per user, the newest snapshot at or before it and
 * every later one stay. That is what this run needs if it is restarted or re-run, and what every later run needs
 * (their windows start no earlier); only a re-run of an older cut-off, whose window starts before it, would miss
 * snapshots, and {@link NightlyBatchRunner#rerun} refuses those.
 */
public class SnapshotPruning implements Tasklet {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotPruning.class);

    private final NightlyJobPorts ports;
    private final String experimentKey;
    private final Instant boundary;

    /** Pruning of the experiment's snapshots older than the newest one at or before {@code boundary}, per user. */
    public SnapshotPruning(NightlyJobPorts ports, String experimentKey, Instant boundary) {
        this.ports = Objects.requireNonNull(ports, "ports");
        this.experimentKey = Objects.requireNonNull(experimentKey, "experimentKey");
        this.boundary = Objects.requireNonNull(boundary, "boundary");
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext context) {
        int profiles = ports.profiles().pruneBefore(experimentKey, boundary);
        int timers = ports.timers().pruneBefore(experimentKey, boundary);
        contribution.incrementWriteCount(profiles + timers);
        LOG.info(
                "Experiment {}: pruned {} profile and {} timer snapshots superseded at or before {}",
                experimentKey,
                profiles,
                timers,
                boundary);
        return RepeatStatus.FINISHED;
    }
}
