package io.kairos.app.batch;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link NightlyScheduler} on a thread of its own, as {@code batch --schedule} and {@code serve} run it: started
 * once, its failure (an exception that stopped the schedule) readable while it runs, and closed by interrupting it
 * and waiting for the run in progress to stop at its next chunk.
 */
public final class NightlySchedulerThread implements AutoCloseable {

    /** How long {@link #close()} waits for a run in progress to stop. */
    static final Duration STOP_WAIT = Duration.ofSeconds(60);

    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private NightlySchedulerThread(NightlyScheduler scheduler, String experimentKey) {
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(experimentKey, "experimentKey");
        this.thread = new Thread(
                () -> {
                    try {
                        scheduler.runUntilInterrupted(experimentKey);
                    } catch (Exception e) {
                        failure.set(e);
                    } finally {
                        stopped.countDown();
                    }
                },
                "nightly-scheduler");
    }

    /** Starts the schedule of {@code experimentKey}'s nightly job. */
    public static NightlySchedulerThread start(NightlyScheduler scheduler, String experimentKey) {
        NightlySchedulerThread started = new NightlySchedulerThread(scheduler, experimentKey);
        started.thread.start();
        return started;
    }

    /** The exception that stopped the schedule, if one did. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    /** Waits until the schedule stops (it stops only on a failure or when closed). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Interrupts the schedule and waits up to a minute for the run in progress to stop. */
    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        stopped.await(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
    }
}
