package io.kairos.streaming.consume;

import io.kairos.streaming.wire.DeadLetterHeaders;
import io.kairos.streaming.wire.WireRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Sends rejected records to the dead-letter topic: the original key, value and headers, plus headers naming the
 * reason, the source topic, partition and offset, and the schema version. At-least-once: the loop waits for the
 * broker's acknowledgement before committing the batch, so a crash in between re-sends (consumers of the DLQ dedupe
 * by source partition and offset).
 *
 * <p>A dead letter always fits the topic. One larger than the size limit carries a prefix of the value (and no
 * original headers or over-long key when those alone are large), with the original size and SHA-256 in headers
 * ({@link DeadLetterHeaders#VALUE_TRUNCATED}); one the broker still refuses as too large (a topic with a smaller
 * limit) is sent again as a reference: no value, the source coordinates and the hash only.
 */
public final class DeadLetterTopic {

    /**
     * The default size limit of a dead letter: below Kafka's default {@code max.message.bytes} (1,048,588) with room
     * for the record batch's own overhead.
     */
    public static final int DEFAULT_MAX_BYTES = 1_000_000;

    /** The longest original key carried; a longer one is replaced by its hash. */
    static final int MAX_KEY_BYTES = 1024;

    /** Room kept for the record's framing and the truncation headers themselves. */
    private static final int MARGIN_BYTES = 1024;

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final String consumerGroup;
    private final int maxBytes;

    /** Dead letters of {@code consumerGroup} sent to {@code topic}, each at most {@link #DEFAULT_MAX_BYTES}. */
    public DeadLetterTopic(Producer<byte[], byte[]> producer, String topic, String consumerGroup) {
        this(producer, topic, consumerGroup, DEFAULT_MAX_BYTES);
    }

    /**
     * Dead letters of {@code consumerGroup} sent to {@code topic} through {@code producer} (shared, thread-safe), each
     * at most {@code maxBytes} of key, value and headers.
     */
    public DeadLetterTopic(Producer<byte[], byte[]> producer, String topic, String consumerGroup, int maxBytes) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.consumerGroup = Objects.requireNonNull(consumerGroup, "consumerGroup");
        if (maxBytes < 16 * 1024) {
            throw new IllegalArgumentException("a dead letter's size limit must be at least 16 KiB: " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /** Sends every dead letter and waits until the broker has them all. */
    public void sendAll(List<DeadLetter> deadLetters, Instant now) throws InterruptedException {
        if (deadLetters.isEmpty()) {
            return;
        }
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (DeadLetter letter : deadLetters) {
            sent.add(producer.send(record(letter, now, false)));
        }
        producer.flush();
        for (int i = 0; i < sent.size(); i++) {
            try {
                acknowledged(sent.get(i));
            } catch (RecordTooLargeException e) {
                acknowledged(producer.send(record(deadLetters.get(i), now, true)));
            }
        }
    }

    private static void acknowledged(Future<RecordMetadata> ack) throws InterruptedException {
        try {
            ack.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof KafkaException kafka
                    ? kafka
                    : new KafkaException("dead letter not acknowledged", e.getCause());
        }
    }

    /** The dead letter of {@code letter}: whole if it fits, else trimmed; only a reference if {@code reference}. */
    ProducerRecord<byte[], byte[]> record(DeadLetter letter, Instant now, boolean reference) {
        ConsumerRecord<byte[], byte[]> source = letter.source();
        WireRecord.Rejected rejection = letter.rejection();
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.REASON, utf8(rejection.reason().wireName()));
        headers.add(DeadLetterHeaders.DETAIL, utf8(rejection.detail()));
        headers.add(DeadLetterHeaders.SOURCE_TOPIC, utf8(source.topic()));
        headers.add(DeadLetterHeaders.SOURCE_PARTITION, utf8(Integer.toString(source.partition())));
        headers.add(DeadLetterHeaders.SOURCE_OFFSET, utf8(Long.toString(source.offset())));
        headers.add(DeadLetterHeaders.SCHEMA_VERSION, utf8(rejection.schemaVersion()));
        headers.add(DeadLetterHeaders.CONSUMER_GROUP, utf8(consumerGroup));
        headers.add(DeadLetterHeaders.REJECTED_AT, utf8(now.toString()));
        byte[] key = source.key();
        byte[] value = source.value();
        int keyBytes = length(key);
        int valueBytes = length(value);
        int sourceHeaderBytes = 0;
        for (Header header : source.headers()) {
            sourceHeaderBytes += header.key().length() + length(header.value());
        }
        int fixed = sizeOf(headers);
        if (!reference && keyBytes + valueBytes + sourceHeaderBytes + fixed <= maxBytes) {
            RecordHeaders whole = new RecordHeaders();
            source.headers().forEach(whole::add);
            headers.forEach(whole::add);
            return new ProducerRecord<>(topic, null, key, value, whole);
        }
        headers.add(DeadLetterHeaders.VALUE_BYTES, utf8(Integer.toString(valueBytes)));
        headers.add(DeadLetterHeaders.VALUE_SHA256, utf8(sha256(value)));
        if (keyBytes > MAX_KEY_BYTES || reference) {
            if (key != null) {
                headers.add(DeadLetterHeaders.KEY_SHA256, utf8(sha256(key)));
            }
            key = keyBytes > MAX_KEY_BYTES ? null : key;
        }
        RecordHeaders carried = new RecordHeaders();
        int budget = maxBytes - MARGIN_BYTES - sizeOf(headers) - length(key);
        if (!reference && sourceHeaderBytes <= budget / 2) {
            source.headers().forEach(carried::add);
            budget -= sourceHeaderBytes;
        } else if (source.headers().toArray().length > 0) {
            headers.add(
                    DeadLetterHeaders.SOURCE_HEADERS_DROPPED,
                    utf8(Integer.toString(source.headers().toArray().length)));
        }
        byte[] kept = null;
        if (reference || value == null) {
            headers.add(DeadLetterHeaders.VALUE_TRUNCATED, utf8("reference"));
        } else {
            headers.add(DeadLetterHeaders.VALUE_TRUNCATED, utf8("prefix"));
            kept = Arrays.copyOf(value, Math.max(0, Math.min(valueBytes, budget)));
        }
        headers.forEach(carried::add);
        return new ProducerRecord<>(topic, null, key, kept, carried);
    }

    private static int sizeOf(Iterable<Header> headers) {
        int size = 0;
        for (Header header : headers) {
            size += header.key().length() + length(header.value());
        }
        return size;
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes == null ? new byte[0] : bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
