package io.kairos.streaming.publish;

import io.kairos.domain.port.out.DecisionOutbox;
import io.kairos.domain.port.out.OutboxMessage;
import io.kairos.streaming.consume.Backoff;
import io.kairos.streaming.consume.FailureClass;
import io.kairos.streaming.metrics.StreamingMetrics;
import io.kairos.streaming.wire.DecisionMessages;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays the outbox to the decisions topic, oldest first: sends a page of unpublished messages (key = user id, the
 * decision id in the {@value DecisionMessages#DECISION_ID_HEADER} header), waits for every acknowledgement, then marks
 * them published. At-least-once on the wire: a crash between the acknowledgement and the marking re-sends the page,
 * and consumers dedupe by decision id. The producer must be idempotent ({@code enable.idempotence=true}, {@code
 * acks=all}) so that its own retries never duplicate or reorder. Runs on a thread of its own.
 */
public final class DecisionPublisher implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(DecisionPublisher.class);

    private final DecisionOutbox outbox;
    private final Producer<String, String> producer;
    private final StreamingMetrics metrics;
    private final int pageSize;
    private final Duration idleWait;
    private final Backoff backoff;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /**
     * @param pageSize how many messages are sent per round
     * @param idleWait how long to wait when the outbox is empty
     */
    public DecisionPublisher(
            DecisionOutbox outbox,
            Producer<String, String> producer,
            StreamingMetrics metrics,
            int pageSize,
            Duration idleWait,
            Backoff backoff) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.producer = Objects.requireNonNull(producer, "producer");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        if (pageSize <= 0) {
            throw new IllegalArgumentException("pageSize must be positive");
        }
        this.pageSize = pageSize;
        this.idleWait = Objects.requireNonNull(idleWait, "idleWait");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
    }

    /** Asks the publisher to stop after the current page. */
    public void stop() {
        stop.countDown();
    }

    /** Waits until the publisher has exited; true if it did within {@code timeout}. */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The fatal failure that stopped the publisher, if any. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    @Override
    public void run() {
        try {
            while (stop.getCount() > 0) {
                try {
                    if (publishPage() == 0) {
                        stop.await(idleWait.toMillis(), TimeUnit.MILLISECONDS);
                    }
                    backoff.reset();
                } catch (RuntimeException e) {
                    if (FailureClass.of(e) != FailureClass.RETRIABLE) {
                        throw e;
                    }
                    int attempt = backoff.pause(stop);
                    log.warn("publisher: page failed ({}), retry {}", e.toString(), attempt);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure.set(e);
            log.error(
                    "publisher: stopping on a fatal failure: {}. Unpublished decisions stay in the outbox;"
                            + " fix the cause and restart.",
                    e.toString(),
                    e);
        } finally {
            finished.countDown();
        }
    }

    /** Publishes one page of the outbox and returns how many messages it held. */
    public int publishPage() throws InterruptedException {
        List<OutboxMessage> page = outbox.unpublished(pageSize);
        if (page.isEmpty()) {
            return 0;
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        for (OutboxMessage message : page) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(
                    DecisionMessages.DECISION_ID_HEADER,
                    message.decisionId().toString().getBytes(StandardCharsets.UTF_8));
            acks.add(producer.send(
                    new ProducerRecord<>(message.topic(), null, message.key(), message.payload(), headers)));
            ids.add(message.decisionId());
        }
        producer.flush();
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException runtime
                        ? runtime
                        : new IllegalStateException("decision not acknowledged", e.getCause());
            }
        }
        outbox.markPublished(ids);
        metrics.published(page.size());
        return page.size();
    }
}
