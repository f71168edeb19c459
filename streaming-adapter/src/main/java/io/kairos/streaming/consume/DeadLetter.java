package io.kairos.streaming.consume;

import io.kairos.streaming.wire.WireRecord;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A record bound for the dead-letter topic, with the reason it was rejected. */
public record DeadLetter(ConsumerRecord<byte[], byte[]> source, WireRecord.Rejected rejection) {

    public DeadLetter {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(rejection, "rejection");
    }
}
