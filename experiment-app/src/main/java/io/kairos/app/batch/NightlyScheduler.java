package io.kairos.app.batch;

import io.kairos.batch.NightlyBatchRunner;
import io.kairos.batch.NightlySchedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the nightly job on its schedule until interrupted: at start and after every scheduled cut-off it catches up
 * every cut-off not yet run, oldest first, under the experiment's {@link NightlyRunLock}, then sleeps until the next
 * one. A run that does not complete is retried at the next wake-up (it resumes where it stopped).
 */
public final class NightlyScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(NightlyScheduler.class);

    private final NightlyBatchRunner runner;
    private final NightlySchedule schedule;
    private final NightlyRunLock lock;
    private final Clock clock;

    /** A scheduler of {@code runner}'s runs on {@code schedule}, reading time from {@code clock}. */
    public NightlyScheduler(NightlyBatchRunner runner, NightlySchedule schedule, NightlyRunLock lock, Clock clock) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.lock = Objects.requireNonNull(lock, "lock");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Runs the experiment's nightly job on schedule until the thread is interrupted. */
    public void runUntilInterrupted(String experimentKey) throws Exception {
        LOG.info("Nightly batch of experiment {} scheduled {}", experimentKey, schedule.describe());
        try {
            while (!Thread.currentThread().isInterrupted()) {
                lock.runExclusively(experimentKey, () -> runner.catchUp(experimentKey, clock.instant()));
                Instant next = schedule.nextCutoffAfter(clock.instant());
                LOG.info("Next nightly run of experiment {} at {}", experimentKey, next);
                sleepUntil(next);
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
            LOG.info("Nightly scheduler of experiment {} stopped", experimentKey);
        }
    }

    private void sleepUntil(Instant next) throws InterruptedException {
        for (Duration left = Duration.between(clock.instant(), next);
                !left.isNegative() && !left.isZero();
                left = Duration.between(clock.instant(), next)) {
            Thread.sleep(Math.min(left.toMillis() + 1, Duration.ofMinutes(1).toMillis()));
        }
    }
}
