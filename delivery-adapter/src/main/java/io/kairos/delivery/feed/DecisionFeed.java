package io.kairos.delivery.feed;

import io.kairos.delivery.send.DeliveryMetrics;
import io.kairos.domain.delivery.Delivery;
import io.kairos.domain.port.out.DeliveryLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the decisions topic into the delivery log: each poll's messages are recorded in one statement, then their
 * offsets are committed to Kafka. A crash between the two re-reads the messages, and the log, keyed by decision and
 * channel, records nothing twice: the effect is once. A message that cannot be read is logged with its partition,
 * offset and reason and counted ({@code kairos.delivery.unreadable}), never sent; the database being unreachable
 * rewinds to the last commit and tries again.
 */
public final class DecisionFeed implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(DecisionFeed.class);

    private final Consumer<String, String> consumer;
    private final String topic;
    private final DecisionRecords records;
    private final DeliveryLog deliveries;
    private final DeliveryMetrics metrics;
    private final Duration pollTimeout;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean assigned = new AtomicBoolean(false);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    public DecisionFeed(
            Consumer<String, String> consumer,
            String topic,
            DecisionRecords records,
            DeliveryLog deliveries,
            DeliveryMetrics metrics,
            Duration pollTimeout) {
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.records = Objects.requireNonNull(records, "records");
        this.deliveries = Objects.requireNonNull(deliveries, "deliveries");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.pollTimeout = Objects.requireNonNull(pollTimeout, "pollTimeout");
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topic), new org.apache.kafka.clients.consumer.ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(java.util.Collection<TopicPartition> partitions) {}

                @Override
                public void onPartitionsAssigned(java.util.Collection<TopicPartition> partitions) {
                    assigned.set(true);
                }
            });
            int failures = 0;
            while (running.get()) {
                ConsumerRecords<String, String> polled = consumer.poll(pollTimeout);
                if (polled.isEmpty()) {
                    continue;
                }
                try {
                    recordAndCommit(polled);
                    failures = 0;
                } catch (RuntimeException e) {
                    if (e instanceof WakeupException) {
                        throw e;
                    }
                    failures++;
                    log.warn(
                            "delivery feed: could not record {} decisions ({}); reading them again, attempt {}",
                            polled.count(),
                            e.toString(),
                            failures);
                    rewind(polled);
                    pause(Math.min(30_000L, 200L << Math.min(failures, 8)));
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                failure.set(e);
            }
        } catch (RuntimeException e) {
            failure.set(e);
            log.error("delivery feed: stopping on a fatal failure: {}", e.toString(), e);
        } finally {
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                log.debug("delivery feed: closing the consumer", e);
            }
            finished.countDown();
        }
    }

    private void recordAndCommit(ConsumerRecords<String, String> polled) {
        List<Delivery> batch = new ArrayList<>(polled.count());
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<String, String> record : polled) {
            try {
                batch.add(records.read(record.value()));
            } catch (IllegalArgumentException e) {
                metrics.unreadable();
                log.error(
                        "delivery feed: {}-{} offset {} is not a decision message ({}); it is not sent",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        e.getMessage());
            }
            offsets.put(
                    new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
        }
        int recorded = deliveries.record(batch);
        metrics.recorded(recorded);
        consumer.commitSync(offsets);
    }

    private void rewind(ConsumerRecords<String, String> polled) {
        for (TopicPartition partition : polled.partitions()) {
            List<ConsumerRecord<String, String>> of = polled.records(partition);
            consumer.seek(partition, of.get(0).offset());
        }
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
        }
    }

    /** Whether the consumer has been assigned its partitions. */
    public boolean joined() {
        return assigned.get();
    }

    /** Stops after the current poll. */
    public void stop() {
        running.set(false);
        consumer.wakeup();
    }

    /** Waits until the feed has stopped; true if it did within {@code timeout}. */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The failure that stopped the feed, if any. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }
}
