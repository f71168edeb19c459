package io.kairos.streaming.consume;

import io.kairos.domain.port.out.ConsumedOffset;
import io.kairos.domain.port.out.OffsetStore;
import io.kairos.domain.port.out.PollBatchWrites;
import io.kairos.domain.port.out.ProcessingTransaction;
import io.kairos.streaming.client.ExactlyOnceClientProperties;
import io.kairos.streaming.metrics.StreamingMetrics;
import io.kairos.streaming.wire.DeadLetterReason;
import io.kairos.streaming.wire.WireRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka consumer on its own thread, exactly-once in effect into PostgreSQL: per poll batch, the handler's writes
 * and the consumed offsets commit in one transaction ({@link ProcessingTransaction}); on assignment the consumer seeks
 * to the offsets stored there, so Kafka's own committed offsets (also written, after the fact, for lag tooling and
 * the handler's memo) never decide where processing resumes.
 *
 * <p>Failures of a batch are classified ({@link FailureClass}): retriable ones rewind the batch and retry after a
 * back-off, never skipping a record; a fenced commit re-reads the stored offsets; one that points at a record has the
 * batch's records processed one at a time, so that the one failing alone is dead-lettered and the stream goes on;
 * only a broken environment (authentication, a missing schema, configuration) is fatal and stops the loop, which
 * reports the cause through {@link #failure()}. Invalid records do not even fail a batch: the handler dead-letters
 * them.
 */
public final class PollLoop implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(PollLoop.class);

    private final LoopSettings settings;
    private final BatchHandler handler;
    private final ProcessingTransaction transaction;
    private final OffsetStore offsets;
    private final DeadLetterTopic deadLetters;
    private final StreamingMetrics metrics;
    private final CommitListener listener;
    private final Clock clock;
    private final Consumer<byte[], byte[]> consumer;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Set<TopicPartition> owned = new HashSet<>();
    /** Read by other threads (readiness): whether the group assigned anything yet, and how many partitions are owned. */
    private volatile boolean joined;

    private volatile int ownedCount;
    /** Per owned partition, the offset stored in PostgreSQL as this consumer last saw it: its commits continue it. */
    private final Map<TopicPartition, Long> storedFrom = new HashMap<>();

    private final Backoff backoff;
    private int partitionCount;
    private long recordsSinceProgress;
    private Instant lastProgress;

    /** A loop that has not started; {@link #run} it on a thread of its own. */
    public PollLoop(
            LoopSettings settings,
            BatchHandler handler,
            ProcessingTransaction transaction,
            OffsetStore offsets,
            DeadLetterTopic deadLetters,
            StreamingMetrics metrics,
            CommitListener listener,
            Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.transaction = Objects.requireNonNull(transaction, "transaction");
        this.offsets = Objects.requireNonNull(offsets, "offsets");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.backoff = new Backoff(settings.minBackoff(), settings.maxBackoff());
        this.consumer = new KafkaConsumer<>(
                ExactlyOnceClientProperties.consumer(settings.consumerProperties(), settings.consumerGroup()));
    }

    /** Asks the loop to stop after the current batch; returns at once. */
    public void stop() {
        stop.countDown();
        consumer.wakeup();
    }

    /** Waits until the loop has exited and closed its consumer; true if it did within {@code timeout}. */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Whether the consumer has joined its group (received an assignment, which may be empty when the group has more
     * consumers than the topic has partitions) and is still running.
     */
    public boolean joined() {
        return joined && finished.getCount() > 0;
    }

    /** How many partitions the consumer owns now. */
    public int ownedPartitions() {
        return ownedCount;
    }

    /** The fatal failure that stopped the loop, if any. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    @Override
    public void run() {
        try {
            partitionCount = partitionCount();
            consumer.subscribe(List.of(settings.topic()), new Rebalance());
            lastProgress = clock.instant();
            while (stop.getCount() > 0) {
                pollOnce();
            }
        } catch (WakeupException e) {
            if (stop.getCount() > 0) {
                failure.set(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            failure.set(e);
            log.error(
                    "{}: stopping on a fatal failure: {}. Nothing after the last committed batch was written;"
                            + " fix the cause and restart to resume from the stored offsets.",
                    settings.consumerGroup(),
                    e.toString(),
                    e);
            if (e instanceof Error error) {
                throw error;
            }
        } finally {
            closeQuietly();
            finished.countDown();
        }
    }

    private void pollOnce() throws InterruptedException {
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = consumer.poll(settings.pollTimeout());
        } catch (WakeupException e) {
            if (stop.getCount() == 0) {
                return;
            }
            throw e;
        }
        Instant now = clock.instant();
        Map<TopicPartition, Long> firstOffsets = new LinkedHashMap<>();
        Map<TopicPartition, Long> nextOffsets = new LinkedHashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> batch = records.records(partition);
            firstOffsets.put(partition, batch.get(0).offset());
            nextOffsets.put(partition, batch.get(batch.size() - 1).offset() + 1);
        }
        try {
            Optional<BatchWork> work = handler.process(records, partitionCount, now);
            if (work.isPresent()) {
                commit(work.get(), nextOffsets, now);
            }
            metrics.recordsConsumed(records.count());
            recordsSinceProgress += records.count();
            backoff.reset();
        } catch (WakeupException e) {
            handler.abandoned();
            rewind(firstOffsets);
            throw e;
        } catch (RuntimeException e) {
            handler.abandoned();
            switch (FailureClass.of(e)) {
                case RETRIABLE -> retryLater(e, firstOffsets);
                case FENCED -> fenced(e);
                case SUSPECT_RECORD -> isolate(records, e, now);
                case FATAL -> throw e;
            }
        }
        reportProgress(now);
    }

    private void retryLater(RuntimeException failure, Map<TopicPartition, Long> firstOffsets)
            throws InterruptedException {
        rewind(firstOffsets);
        metrics.retry();
        int attempt = backoff.pause(stop);
        log.warn("{}: batch failed ({}), retry {} from the same offsets", settings.consumerGroup(), failure, attempt);
    }

    private void fenced(RuntimeException failure) throws InterruptedException {
        metrics.fenced();
        log.warn(
                "{}: another consumer committed past this one ({}); resuming from the stored offsets",
                settings.consumerGroup(),
                failure.getMessage());
        seekToStored(owned);
    }

    /**
     * A batch failed for a reason that no retry cures and that is not the environment's, so one of its records is
     * suspect: the records are processed again one at a time, each in a transaction of its own, and one that fails
     * alone is dead-lettered ({@link DeadLetterReason#PROCESSING_FAILED}, with the error) while its neighbours are
     * processed as usual. Retriable failures on the way are retried for that record; a fence or a fatal failure
     * ends the isolation as it would a batch.
     */
    private void isolate(ConsumerRecords<byte[], byte[]> records, RuntimeException failure, Instant now)
            throws InterruptedException {
        log.warn(
                "{}: a batch of {} records failed ({}); processing its records one at a time to find the one at"
                        + " fault",
                settings.consumerGroup(),
                records.count(),
                failure.toString());
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                if (!owned.contains(partition) || stop.getCount() == 0) {
                    rewindTo(partition, record.offset());
                    break;
                }
                if (!processAlone(partition, record, now)) {
                    return;
                }
            }
        }
        metrics.recordsConsumed(records.count());
        recordsSinceProgress += records.count();
    }

    /** Processes one record in a transaction of its own; false if isolation must end (the loop re-seeks). */
    private boolean processAlone(TopicPartition partition, ConsumerRecord<byte[], byte[]> record, Instant now)
            throws InterruptedException {
        Map<TopicPartition, Long> next = Map.of(partition, record.offset() + 1);
        ConsumerRecords<byte[], byte[]> single = new ConsumerRecords<>(
                Map.of(partition, List.of(record)), Map.of(partition, new OffsetAndMetadata(record.offset() + 1)));
        while (true) {
            try {
                Optional<BatchWork> work = handler.process(single, partitionCount, now);
                if (work.isPresent()) {
                    commit(work.get(), next, now);
                }
                backoff.reset();
                return true;
            } catch (RuntimeException e) {
                handler.abandoned();
                switch (FailureClass.of(e)) {
                    case RETRIABLE -> {
                        metrics.retry();
                        int attempt = backoff.pause(stop);
                        log.warn(
                                "{}: record {}@{} failed ({}), retry {}",
                                settings.consumerGroup(),
                                partition,
                                record.offset(),
                                e.toString(),
                                attempt);
                        if (stop.getCount() == 0) {
                            rewindTo(partition, record.offset());
                            return false;
                        }
                    }
                    case FENCED -> {
                        fenced(e);
                        return false;
                    }
                    case SUSPECT_RECORD -> {
                        deadLetterAlone(partition, record, e, now);
                        return true;
                    }
                    case FATAL -> throw e;
                }
            }
        }
    }

    /**
     * Dead-letters a record that fails alone and commits its offset with nothing else; if even that fails, the
     * environment is at fault after all and the failure is fatal.
     */
    private void deadLetterAlone(
            TopicPartition partition, ConsumerRecord<byte[], byte[]> record, RuntimeException cause, Instant now)
            throws InterruptedException {
        log.error(
                "{}: record {}@{} fails on its own ({}); it goes to the dead-letter topic as processing-failed and"
                        + " the records after it are processed",
                settings.consumerGroup(),
                partition,
                record.offset(),
                cause.toString(),
                cause);
        DeadLetter letter = new DeadLetter(
                record, new WireRecord.Rejected(DeadLetterReason.PROCESSING_FAILED, describe(cause), "unknown"));
        try {
            commit(new BatchWork(PollBatchWrites.none(), List.of(letter)), Map.of(partition, record.offset() + 1), now);
        } catch (RuntimeException e) {
            if (FailureClass.of(e) == FailureClass.RETRIABLE) {
                throw e;
            }
            IllegalStateException fatal = new IllegalStateException(
                    "cannot even dead-letter record " + partition + "@" + record.offset() + " and commit its offset;"
                            + " the environment is broken: " + e,
                    e);
            fatal.addSuppressed(cause);
            throw fatal;
        }
    }

    /** The error's class and message and those of its causes, for a dead letter's detail header. */
    private static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = failure; cause != null && text.length() < 1500; cause = cause.getCause()) {
            if (!text.isEmpty()) {
                text.append("; caused by ");
            }
            text.append(cause.getClass().getName());
            if (cause.getMessage() != null) {
                text.append(": ").append(cause.getMessage());
            }
        }
        return text.length() <= 2000 ? text.toString() : text.substring(0, 2000) + "...";
    }

    private void rewindTo(TopicPartition partition, long offset) {
        if (owned.contains(partition)) {
            consumer.seek(partition, offset);
        }
    }

    private void commit(BatchWork work, Map<TopicPartition, Long> nextOffsets, Instant now)
            throws InterruptedException {
        long started = System.nanoTime();
        deadLetters.sendAll(work.deadLetters(), now);
        List<ConsumedOffset> consumed = new ArrayList<>();
        nextOffsets.forEach((partition, next) -> consumed.add(new ConsumedOffset(
                settings.consumerGroup(),
                partition.topic(),
                partition.partition(),
                next,
                storedFrom.getOrDefault(partition, ConsumedOffset.NONE_STORED))));
        PollBatchWrites writes = work.writes().withOffsets(consumed);
        listener.beforeCommit(writes);
        transaction.commit(writes);
        metrics.commitTime(Duration.ofNanos(System.nanoTime() - started));
        storedFrom.putAll(nextOffsets);
        listener.afterCommit(writes);
        handler.committed(clock.instant());
        for (DeadLetter letter : work.deadLetters()) {
            metrics.deadLetter(letter.rejection().reason().wireName());
        }
        if (!nextOffsets.isEmpty()) {
            Map<TopicPartition, OffsetAndMetadata> kafkaOffsets = new HashMap<>();
            nextOffsets.forEach((partition, next) ->
                    kafkaOffsets.put(partition, new OffsetAndMetadata(next, handler.memo(partition.partition()))));
            consumer.commitAsync(kafkaOffsets, (committed, error) -> {
                if (error != null) {
                    log.debug("{}: informational Kafka commit failed: {}", settings.consumerGroup(), error.toString());
                }
            });
        }
    }

    private int partitionCount() {
        int count = consumer.partitionsFor(settings.topic()).size();
        if (count == 0) {
            throw new IllegalStateException("topic " + settings.topic() + " does not exist; create it (kairos up"
                    + " creates the platform's topics) or correct the topic name");
        }
        return count;
    }

    private void rewind(Map<TopicPartition, Long> firstOffsets) {
        firstOffsets.forEach((partition, first) -> {
            if (owned.contains(partition)) {
                consumer.seek(partition, first);
            }
        });
    }

    private List<AssignedPartition> seekToStored(Collection<TopicPartition> partitions) throws InterruptedException {
        Map<Integer, Long> stored = storedOffsets();
        Map<TopicPartition, OffsetAndMetadata> kafkaCommitted = consumer.committed(new HashSet<>(partitions));
        List<TopicPartition> fresh = partitions.stream()
                .filter(partition -> !stored.containsKey(partition.partition()))
                .toList();
        // Explicit positions for every partition before any position is read: the reset policy is "none".
        Map<TopicPartition, Long> logStarts = fresh.isEmpty() ? Map.of() : consumer.beginningOffsets(fresh);
        List<AssignedPartition> assigned = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            Long next = stored.get(partition.partition());
            long position = next != null ? next : logStarts.get(partition);
            consumer.seek(partition, position);
            storedFrom.put(partition, next != null ? next : ConsumedOffset.NONE_STORED);
            OffsetAndMetadata memo = kafkaCommitted.get(partition);
            // Kafka's commit follows PostgreSQL's, so its memo describes this position or an earlier one.
            String text = memo != null && memo.offset() <= position ? memo.metadata() : "";
            assigned.add(new AssignedPartition(partition.partition(), position, text));
        }
        return assigned;
    }

    private Map<Integer, Long> storedOffsets() throws InterruptedException {
        Backoff retry = new Backoff(settings.minBackoff(), settings.maxBackoff());
        while (true) {
            try {
                Map<Integer, Long> stored = new HashMap<>();
                for (ConsumedOffset offset : offsets.committed(settings.consumerGroup(), settings.topic())) {
                    stored.put(offset.partition(), offset.nextOffset());
                }
                return stored;
            } catch (RuntimeException e) {
                if (FailureClass.of(e) != FailureClass.RETRIABLE || stop.getCount() == 0) {
                    throw e;
                }
                int attempt = retry.pause(stop);
                log.warn(
                        "{}: cannot read the stored offsets ({}), retry {}",
                        settings.consumerGroup(),
                        e.toString(),
                        attempt);
            }
        }
    }

    private void reportProgress(Instant now) {
        for (TopicPartition partition : owned) {
            OptionalLong lag = consumer.currentLag(partition);
            if (lag.isPresent()) {
                metrics.lag(partition.partition(), lag.getAsLong());
            }
        }
        Duration interval = settings.progressInterval();
        if (interval.isZero() || Duration.between(lastProgress, now).compareTo(interval) < 0) {
            return;
        }
        double seconds = Math.max(0.001, Duration.between(lastProgress, now).toMillis() / 1000.0);
        log.info(
                "{}: {} records in the last {} s ({} /s), lag {}, partitions {}",
                settings.consumerGroup(),
                recordsSinceProgress,
                Math.round(seconds),
                Math.round(recordsSinceProgress / seconds),
                metrics.totalLag(),
                owned.stream().map(TopicPartition::partition).sorted().toList());
        recordsSinceProgress = 0;
        lastProgress = now;
    }

    private void closeQuietly() {
        try {
            consumer.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            log.debug("{}: consumer close: {}", settings.consumerGroup(), e.toString());
        }
    }

    /** Seeks newly owned partitions to their stored offsets; lets the handler drop revoked ones. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            joined = true;
            if (partitions.isEmpty()) {
                return;
            }
            try {
                partitionCount = partitionCount();
                List<AssignedPartition> assigned = seekToStored(partitions);
                owned.addAll(partitions);
                ownedCount = owned.size();
                handler.assigned(assigned);
                log.info(
                        "{}: assigned {}",
                        settings.consumerGroup(),
                        assigned.stream()
                                .map(p -> p.partition() + "@" + p.nextOffset())
                                .toList());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WakeupException();
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            drop(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            drop(partitions);
        }

        private void drop(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            owned.removeAll(partitions);
            ownedCount = owned.size();
            partitions.forEach(storedFrom::remove);
            handler.revoked(partitions.stream().map(TopicPartition::partition).toList());
            log.info(
                    "{}: revoked {}",
                    settings.consumerGroup(),
                    partitions.stream().map(TopicPartition::partition).toList());
        }
    }
}
