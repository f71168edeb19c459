package io.kairos.batch;

import io.kairos.domain.port.out.EventArchive;
import io.kairos.domain.port.out.UserEvents;
import io.kairos.domain.port.out.UserHashRange;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads one partition's users with their archived events of a period, one user per item, through the domain's
 * {@link EventArchive} port.
 *
 * <p>The port streams the period's events of the partition's users (its user-hash range) once, pushing one user at a
 * time, so a producer thread runs that stream into a bounded queue and {@link #read()} pulls from it: memory holds at
 * most {@code capacity} users whatever the size of the day. Restartable: {@link #update} saves the last user handed
 * out, which at a chunk boundary is the last completed user; after a restart the users up to and including it are
 * skipped. Not thread-safe: one reader per partition (step scope).
 */
public class ArchivedUserReader implements ItemStreamReader<UserEvents> {

    /** Execution-context key of the last user of the last committed chunk. */
    public static final String LAST_COMPLETED_USER = "lastCompletedUser";

    private static final UserEvents END = new UserEvents("", List.of());

    private final EventArchive archive;
    private final Instant from;
    private final Instant until;
    private final UserHashRange range;
    private final int capacity;

    private BlockingQueue<UserEvents> queue;
    private Thread producer;
    private volatile boolean closing;
    private volatile Throwable failure;
    private String resumeAfter;
    private boolean resumed;
    private String lastRead;
    private boolean ended;

    /** A reader of the users in {@code range} with events in {@code [from, until)}, buffering up to {@code capacity}. */
    public ArchivedUserReader(EventArchive archive, Instant from, Instant until, UserHashRange range, int capacity) {
        this.archive = Objects.requireNonNull(archive, "archive");
        this.from = Objects.requireNonNull(from, "from");
        this.until = Objects.requireNonNull(until, "until");
        this.range = Objects.requireNonNull(range, "range");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    @Override
    public void open(ExecutionContext context) {
        resumeAfter = context.containsKey(LAST_COMPLETED_USER) ? context.getString(LAST_COMPLETED_USER) : null;
        resumed = resumeAfter == null;
        lastRead = resumeAfter;
        queue = new ArrayBlockingQueue<>(capacity);
        producer = new Thread(this::produce, "archive-reader-" + range.from() + "-" + range.to());
        producer.setDaemon(true);
        producer.start();
    }

    private void produce() {
        try {
            archive.readByUser(from, until, range, this::offer);
        } catch (ReadingStopped stopped) {
            return;
        } catch (Throwable t) {
            failure = t;
        }
        try {
            queue.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void offer(UserEvents user) {
        if (closing) {
            throw new ReadingStopped();
        }
        if (!afterResumePoint(user.userId())) {
            return;
        }
        try {
            queue.put(user);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReadingStopped();
        }
    }

    /** Skips the users a previous execution completed: up to the saved user, in the archive's order. */
    private boolean afterResumePoint(String userId) {
        if (resumed) {
            return true;
        }
        int order = UserHashRange.compareUsers(userId, resumeAfter);
        if (order == 0) {
            resumed = true;
            return false;
        }
        resumed = order > 0;
        return resumed;
    }

    @Override
    public UserEvents read() throws InterruptedException {
        if (ended) {
            return null;
        }
        UserEvents next = queue.take();
        if (next == END) {
            ended = true;
            if (failure != null) {
                throw new ItemStreamException("reading the event archive failed", failure);
            }
            return null;
        }
        lastRead = next.userId();
        return next;
    }

    @Override
    public void update(ExecutionContext context) {
        if (lastRead != null) {
            context.putString(LAST_COMPLETED_USER, lastRead);
        }
    }

    @Override
    public void close() {
        closing = true;
        if (producer != null) {
            producer.interrupt();
            try {
                producer.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            producer = null;
        }
    }

    /** Unwinds the archive's stream when the step closes the reader early (a failure, a stop). */
    private static final class ReadingStopped extends RuntimeException {
        ReadingStopped() {
            super("the nightly job stopped reading", null, false, false);
        }
    }
}
