package io.kairos.streaming.consume;

import io.kairos.streaming.wire.DeadLetterHeaders;
import io.kairos.streaming.wire.WireRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Sends rejected records to the dead-letter topic: the original key, value and headers, plus headers naming the
 * reason, the source topic, partition and offset, and the schema version. At-least-once: the loop waits for the
 * broker's acknowledgement before committing the batch, so a crash in between re-sends (consumers of the DLQ dedupe
 * by source partition and offset).
 */
public final class DeadLetterTopic {

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final String consumerGroup;

    /** Dead letters of {@code consumerGroup} sent to {@code topic} through {@code producer} (shared, thread-safe). */
    public DeadLetterTopic(Producer<byte[], byte[]> producer, String topic, String consumerGroup) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.consumerGroup = Objects.requireNonNull(consumerGroup, "consumerGroup");
    }

    /** Sends every dead letter and waits until the broker has them all. */
    public void sendAll(List<DeadLetter> deadLetters, Instant now) throws InterruptedException {
        if (deadLetters.isEmpty()) {
            return;
        }
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (DeadLetter letter : deadLetters) {
            sent.add(producer.send(record(letter, now)));
        }
        producer.flush();
        for (Future<RecordMetadata> ack : sent) {
            try {
                ack.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof KafkaException kafka
                        ? kafka
                        : new KafkaException("dead letter not acknowledged", e.getCause());
            }
        }
    }

    private ProducerRecord<byte[], byte[]> record(DeadLetter letter, Instant now) {
        ConsumerRecord<byte[], byte[]> source = letter.source();
        WireRecord.Rejected rejection = letter.rejection();
        RecordHeaders headers = new RecordHeaders();
        for (Header header : source.headers()) {
            headers.add(header);
        }
        headers.add(DeadLetterHeaders.REASON, utf8(rejection.reason().wireName()));
        headers.add(DeadLetterHeaders.DETAIL, utf8(rejection.detail()));
        headers.add(DeadLetterHeaders.SOURCE_TOPIC, utf8(source.topic()));
        headers.add(DeadLetterHeaders.SOURCE_PARTITION, utf8(Integer.toString(source.partition())));
        headers.add(DeadLetterHeaders.SOURCE_OFFSET, utf8(Long.toString(source.offset())));
        headers.add(DeadLetterHeaders.SCHEMA_VERSION, utf8(rejection.schemaVersion()));
        headers.add(DeadLetterHeaders.CONSUMER_GROUP, utf8(consumerGroup));
        headers.add(DeadLetterHeaders.REJECTED_AT, utf8(now.toString()));
        return new ProducerRecord<>(topic, null, source.key(), source.value(), headers);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
