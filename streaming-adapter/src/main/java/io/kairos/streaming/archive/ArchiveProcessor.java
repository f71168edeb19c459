package io.kairos.streaming.archive;

import io.kairos.domain.event.UserEvent;
import io.kairos.domain.port.out.PollBatchWrites;
import io.kairos.streaming.consume.AssignedPartition;
import io.kairos.streaming.consume.BatchHandler;
import io.kairos.streaming.consume.BatchWork;
import io.kairos.streaming.consume.DeadLetter;
import io.kairos.streaming.metrics.StreamingMetrics;
import io.kairos.streaming.wire.EventDecoder;
import io.kairos.streaming.wire.WireRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/**
 * The archiver's batch handler: every valid event of the batch goes to the event archive (the COPY path of the
 * transaction) with the consumed offsets; re-delivered and duplicate events are idempotent there. Watermark records
 * are not events and are skipped. Rejected records are counted under {@code kairos.stream.dead.letters} and, when
 * this archiver owns the dead-letter duty, sent to the DLQ; by default the real-time consumer owns it, so that each
 * bad record is dead-lettered once.
 */
public final class ArchiveProcessor implements BatchHandler {

    private final EventDecoder decoder;
    private final StreamingMetrics metrics;
    private final boolean deadLetters;

    /**
     * @param deadLetters true to send rejected records to the DLQ, false to only count them
     */
    public ArchiveProcessor(EventDecoder decoder, StreamingMetrics metrics, boolean deadLetters) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.deadLetters = deadLetters;
    }

    @Override
    public void assigned(Collection<AssignedPartition> partitions) {
        // Nothing to restore: archiving a record depends on that record alone.
    }

    @Override
    public void revoked(Collection<Integer> partitions) {
        // Nothing to drop: the archiver keeps no state between batches.
    }

    @Override
    public Optional<BatchWork> process(ConsumerRecords<byte[], byte[]> records, int partitionCount, Instant now) {
        if (records.isEmpty()) {
            return Optional.empty();
        }
        List<UserEvent> events = new ArrayList<>();
        List<DeadLetter> rejected = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            WireRecord item = decoder.decode(record, partitionCount, now);
            if (item instanceof WireRecord.Event event) {
                events.add(event.event());
            } else if (item instanceof WireRecord.Rejected rejection) {
                if (deadLetters) {
                    rejected.add(new DeadLetter(record, rejection));
                } else {
                    metrics.deadLetter(rejection.reason().wireName());
                }
            }
        }
        metrics.eventsProcessed(events.size());
        return Optional.of(new BatchWork(PollBatchWrites.none().withEvents(events), rejected));
    }

    @Override
    public void committed(Instant now) {
        // Nothing tentative.
    }

    @Override
    public void abandoned() {
        // Nothing tentative.
    }

    @Override
    public String memo(int partition) {
        return "";
    }
}
