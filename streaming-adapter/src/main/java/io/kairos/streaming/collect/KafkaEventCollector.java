package io.kairos.streaming.collect;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.kairos.domain.port.in.EventCollector;
import io.kairos.streaming.consume.DeadLetter;
import io.kairos.streaming.consume.DeadLetterTopic;
import io.kairos.streaming.wire.DeadLetterReason;
import io.kairos.streaming.wire.EventDecoder;
import io.kairos.streaming.wire.WireRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link EventCollector} over Kafka: splits a body into events, decodes and validates each with the real-time
 * consumer's own {@link EventDecoder} (the same JSON Schemas and domain rules, so an event the collector accepts is
 * one the consumer takes), and produces the valid ones to the activity topic keyed by user id, through a producer
 * with idempotence and {@code acks=all}; it answers only once every record is acknowledged or the acknowledgement
 * timeout has passed. Each record carries the receive time as its Kafka timestamp (which the consumers read as the
 * ingest time, the start of event → decision latency) and in the {@value #RECEIVED_AT_HEADER} header. Refused events
 * are also put on the dead-letter topic with their reason, so that a sender that never reads the answer (a browser's
 * {@code sendBeacon}) loses nothing either. Thread-safe.
 */
public final class KafkaEventCollector implements EventCollector {

    /** The header with the instant the collector received the event (ISO-8601). */
    public static final String RECEIVED_AT_HEADER = "kairos-received-at";

    /** The source topic named in the dead-letter headers of a refused posted event. */
    public static final String SOURCE = "http-collector";

    /** The deepest nesting of JSON a body may have; the wire format itself needs four levels. */
    public static final int MAX_NESTING_DEPTH = 16;

    private static final Logger LOG = LoggerFactory.getLogger(KafkaEventCollector.class);

    private final EventDecoder decoder;
    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final DeadLetterTopic deadLetters;
    private final int maxEvents;
    private final Duration ackTimeout;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Counter accepted;
    private final Counter unavailable;
    private final ObjectMapper mapper = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING_DEPTH)
                            .build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /**
     * @param decoder the consumer's decoder
     * @param producer an idempotent producer with {@code acks=all}; closed by its owner
     * @param topic the activity topic
     * @param deadLetters where refused events go
     * @param maxEvents the most events one body may hold
     * @param ackTimeout how long to wait for the log's acknowledgement of a body's events
     * @param registry where the collector's counters are registered
     */
    public KafkaEventCollector(
            EventDecoder decoder,
            Producer<byte[], byte[]> producer,
            String topic,
            DeadLetterTopic deadLetters,
            int maxEvents,
            Duration ackTimeout,
            MeterRegistry registry,
            Clock clock) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.producer = Objects.requireNonNull(producer, "producer");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        if (maxEvents <= 0) {
            throw new IllegalArgumentException("maxEvents must be positive, was " + maxEvents);
        }
        this.maxEvents = maxEvents;
        this.ackTimeout = Objects.requireNonNull(ackTimeout, "ackTimeout");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.accepted = Counter.builder("kairos.collector.events.accepted")
                .description("Events the collector stored on the activity topic")
                .register(registry);
        this.unavailable = Counter.builder("kairos.collector.events.unavailable")
                .description("Valid events the collector could not store (the log did not acknowledge them in time)")
                .register(registry);
    }

    @Override
    public Collection collect(byte[] body, Instant receivedAt) {
        Objects.requireNonNull(receivedAt, "receivedAt");
        List<JsonNode> events;
        try {
            events = split(body);
        } catch (MalformedBody malformed) {
            rejected(malformed.reason.wireName());
            return new Malformed(malformed.reason.wireName(), malformed.getMessage());
        }
        if (events.size() > maxEvents) {
            rejected("too-many-events");
            return new TooMany(events.size(), maxEvents);
        }
        List<EventResult> results = new ArrayList<>(events.size());
        List<Future<RecordMetadata>> acks = new ArrayList<>(events.size());
        List<DeadLetter> refused = new ArrayList<>();
        for (int index = 0; index < events.size(); index++) {
            JsonNode node = events.get(index);
            byte[] value = bytes(node);
            String eventId =
                    node.path("eventId").isTextual() ? node.get("eventId").asText() : null;
            WireRecord decoded = decoder.decodeUnkeyed(value, receivedAt);
            if (decoded instanceof WireRecord.Event event) {
                acks.add(send(event, value, receivedAt));
                results.add(null);
            } else {
                WireRecord.Rejected rejection = (WireRecord.Rejected) decoded;
                results.add(new EventResult(
                        index, eventId, Status.REJECTED, rejection.reason().wireName(), rejection.detail()));
                refused.add(new DeadLetter(new ConsumerRecord<>(SOURCE, -1, -1L, null, value), rejection));
                acks.add(null);
                rejected(rejection.reason().wireName());
            }
        }
        awaitAcknowledgements(events, acks, results);
        deadLetter(refused);
        return new Collected(results);
    }

    private Future<RecordMetadata> send(WireRecord.Event event, byte[] value, Instant receivedAt) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader(RECEIVED_AT_HEADER, receivedAt.toString().getBytes(StandardCharsets.UTF_8)));
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(
                topic,
                null,
                receivedAt.toEpochMilli(),
                event.event().userId().getBytes(StandardCharsets.UTF_8),
                value,
                headers);
        try {
            return producer.send(record);
        } catch (KafkaException e) {
            // Metadata not available within max.block.ms (the broker is unreachable) or the producer is closed.
            return CompletableFuture.failedFuture(e);
        }
    }

    private void awaitAcknowledgements(
            List<JsonNode> events, List<Future<RecordMetadata>> acks, List<EventResult> results) {
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        for (int index = 0; index < acks.size(); index++) {
            Future<RecordMetadata> ack = acks.get(index);
            if (ack == null) {
                continue;
            }
            JsonNode node = events.get(index);
            String eventId = node.get("eventId").asText();
            String problem = null;
            try {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                problem = "the server is stopping; send the event again";
            } catch (TimeoutException e) {
                problem = "the event log did not acknowledge the event within " + ackTimeout.toMillis()
                        + " ms; send it again (its eventId makes that safe)";
            } catch (ExecutionException e) {
                problem = "the event log refused or did not take the event ("
                        + e.getCause().getMessage() + "); send it again (its eventId makes that safe)";
            }
            if (problem == null) {
                results.set(index, new EventResult(index, eventId, Status.ACCEPTED, null, null));
                accepted.increment();
            } else {
                results.set(index, new EventResult(index, eventId, Status.UNAVAILABLE, null, problem));
                unavailable.increment();
            }
        }
    }

    private void deadLetter(List<DeadLetter> refused) {
        if (refused.isEmpty()) {
            return;
        }
        try {
            deadLetters.sendAll(refused, clock.instant());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // The sender has every refusal with its reason in the answer; the copy on the dead-letter topic is for
            // senders that do not read answers, so its loss is logged rather than turned into an error.
            LOG.warn(
                    "{} refused posted events could not be put on the dead-letter topic: {}",
                    refused.size(),
                    e.toString());
        }
    }

    private void rejected(String reason) {
        Counter.builder("kairos.collector.events.rejected")
                .description("Events the collector refused, by reason")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    private List<JsonNode> split(byte[] body) throws MalformedBody {
        if (body == null || body.length == 0) {
            throw new MalformedBody(
                    DeadLetterReason.NOT_JSON, "the body is empty; send an event or an array of events");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedBody(DeadLetterReason.INVALID_UTF8, "the body is not valid UTF-8");
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(text);
        } catch (JacksonException e) {
            throw new MalformedBody(DeadLetterReason.NOT_JSON, "the body is not JSON: " + e.getOriginalMessage());
        }
        if (tree == null || tree.isMissingNode()) {
            throw new MalformedBody(
                    DeadLetterReason.NOT_JSON, "the body is empty; send an event or an array of events");
        }
        if (tree.isArray()) {
            return elements(tree);
        }
        if (tree.isObject() && !tree.has("type") && tree.has("events")) {
            JsonNode events = tree.get("events");
            if (!events.isArray()) {
                throw new MalformedBody(DeadLetterReason.NOT_JSON, "events: must be an array of events");
            }
            return elements(events);
        }
        if (tree.isObject()) {
            return List.of(tree);
        }
        throw new MalformedBody(
                DeadLetterReason.NOT_JSON,
                "the body must be an event object, an array of events or {\"events\": [...]}, not a JSON "
                        + tree.getNodeType().name().toLowerCase(Locale.ROOT));
    }

    private static List<JsonNode> elements(JsonNode array) throws MalformedBody {
        if (array.isEmpty()) {
            throw new MalformedBody(DeadLetterReason.NOT_JSON, "the array holds no events");
        }
        List<JsonNode> events = new ArrayList<>(array.size());
        array.forEach(events::add);
        return events;
    }

    private byte[] bytes(JsonNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot write back a parsed JSON node", e);
        }
    }

    private static final class MalformedBody extends Exception {
        private final DeadLetterReason reason;

        MalformedBody(DeadLetterReason reason, String message) {
            super(message);
            this.reason = reason;
        }
    }
}
