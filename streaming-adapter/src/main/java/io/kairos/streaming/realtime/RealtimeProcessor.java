package io.kairos.streaming.realtime;

import io.kairos.domain.decision.Decision;
import io.kairos.domain.decision.DecisionStatus;
import io.kairos.domain.event.UserEvent;
import io.kairos.domain.port.in.DecisionEngine;
import io.kairos.domain.port.in.EngineResult;
import io.kairos.domain.port.out.OutboxMessage;
import io.kairos.domain.port.out.PollBatchReads;
import io.kairos.domain.port.out.PollBatchWrites;
import io.kairos.domain.port.out.TimerStore;
import io.kairos.domain.port.out.UserStateStore;
import io.kairos.domain.state.UserState;
import io.kairos.streaming.consume.AssignedPartition;
import io.kairos.streaming.consume.BatchHandler;
import io.kairos.streaming.consume.BatchWork;
import io.kairos.streaming.consume.DeadLetter;
import io.kairos.streaming.metrics.StreamingMetrics;
import io.kairos.streaming.wire.DeadLetterReason;
import io.kairos.streaming.wire.DecisionMessages;
import io.kairos.streaming.wire.EventDecoder;
import io.kairos.streaming.wire.WireRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real-time consumer's batch handler. Per poll batch: decodes every record (bad ones become dead letters), loads
 * the batch's users once, then per partition and in offset order applies each event through the engine's inbound
 * port and, whenever the partition's watermark moves (event times, watermark records, the heartbeat), fires the timers
 * of that partition's users due before {@code watermark - grace}. The batch's states, timer changes, decisions and
 * outbox messages become one {@link PollBatchWrites}, with each decision's ingest time: the timestamp of the record
 * it came from (the event, or the watermark record that fired its timer; the wall clock for the heartbeat).
 *
 * <p>Watermark of a partition: the highest event time or watermark record seen on it, never moving backwards, kept in
 * Kafka's commit metadata so a new owner resumes from it. An event older than {@code watermark - grace} on arrival is
 * <em>beyond grace</em>: it is still applied (the engine folds it into state; it can no longer cancel a timer that has
 * fired) and counted in {@code kairos.stream.late.events{kind=beyond-grace}}.
 */
public final class RealtimeProcessor implements BatchHandler {

    private static final Logger log = LoggerFactory.getLogger(RealtimeProcessor.class);

    private static final String MEMO_PREFIX = "watermark=";

    private final EventDecoder decoder;
    private final RealtimeSettings settings;
    private final StreamingMetrics metrics;
    private final BatchStateView view;
    private final DecisionEngine engine;
    private final Map<Integer, Instant> watermarks = new HashMap<>();
    private final Map<Integer, RecentEventIds> recentIds = new HashMap<>();
    private final Set<Integer> owned = new HashSet<>();
    private final Set<Integer> restoredUnchecked = new HashSet<>();
    private Map<Integer, Instant> tentativeWatermarks = Map.of();
    private final Map<Integer, List<UUID>> tentativeIds = new HashMap<>();
    private final List<Outcome> tentativeOutcomes = new ArrayList<>();
    private Instant lastHeartbeat = Instant.MIN;

    /** What one decision came from, for its stored ingest time and the latency metric after commit. */
    private record Outcome(Decision decision, Instant sourceTimestamp) {}

    /**
     * A processor reading stored state through {@code batchReads} (the batch's users, in bulk) and {@code states} and
     * {@code timers} (anyone else), driving the engine that {@code
     * engineFactory} builds over this processor's batch view of those stores.
     */
    public RealtimeProcessor(
            EventDecoder decoder,
            RealtimeSettings settings,
            StreamingMetrics metrics,
            UserStateStore states,
            TimerStore timers,
            PollBatchReads batchReads,
            BiFunction<UserStateStore, TimerStore, DecisionEngine> engineFactory) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.view = new BatchStateView(states, timers, batchReads);
        this.engine = engineFactory.apply(view, view);
    }

    @Override
    public void assigned(Collection<AssignedPartition> partitions) {
        for (AssignedPartition partition : partitions) {
            owned.add(partition.partition());
            recentIds.put(partition.partition(), new RecentEventIds(settings.recentIdsPerPartition()));
            parseMemo(partition.memo())
                    .ifPresentOrElse(
                            watermark -> {
                                watermarks.put(partition.partition(), watermark);
                                restoredUnchecked.add(partition.partition());
                            },
                            () -> watermarks.remove(partition.partition()));
        }
    }

    @Override
    public void revoked(Collection<Integer> partitions) {
        for (Integer partition : partitions) {
            owned.remove(partition);
            watermarks.remove(partition);
            restoredUnchecked.remove(partition);
            recentIds.remove(partition);
        }
    }

    @Override
    public String memo(int partition) {
        Instant watermark = watermarks.get(partition);
        return watermark == null ? "" : MEMO_PREFIX + watermark;
    }

    @Override
    public Optional<BatchWork> process(ConsumerRecords<byte[], byte[]> records, int partitionCount, Instant now) {
        boolean heartbeatDue = settings.heartbeat()
                && !owned.isEmpty()
                && Duration.between(lastHeartbeat, now).compareTo(settings.heartbeatInterval()) >= 0;
        if (records.isEmpty() && !heartbeatDue) {
            return Optional.empty();
        }
        discardImpossibleRestoredWatermarks(now);
        tentativeWatermarks = new HashMap<>(watermarks);
        tentativeIds.clear();
        tentativeOutcomes.clear();
        Map<TopicPartition, List<WireRecord>> decoded = new HashMap<>();
        Set<String> users = new LinkedHashSet<>();
        Instant highest = null;
        for (TopicPartition partition : records.partitions()) {
            List<WireRecord> wire = new ArrayList<>();
            Instant partitionHighest = tentativeWatermarks.get(partition.partition());
            for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                WireRecord decodedRecord = decoder.decode(record, partitionCount, now);
                wire.add(decodedRecord);
                Instant time = null;
                if (decodedRecord instanceof WireRecord.Event event) {
                    users.add(event.event().userId());
                    time = event.event().occurredAt();
                } else if (decodedRecord instanceof WireRecord.Watermark watermark) {
                    time = watermark.watermark();
                }
                partitionHighest = max(partitionHighest, time);
            }
            decoded.put(partition, wire);
            highest = max(highest, partitionHighest);
        }
        Instant heartbeatWatermark = heartbeatDue ? now.minus(settings.heartbeatLag()) : null;
        highest = max(highest, heartbeatWatermark);
        view.begin(users, highest == null ? null : highest.minus(settings.grace()), partitionCount);

        List<DeadLetter> deadLetters = new ArrayList<>();
        List<Decision> decisions = new ArrayList<>();
        List<OutboxMessage> outbox = new ArrayList<>();
        int events = 0;
        int beyondGrace = 0;
        int afterDecision = 0;
        for (TopicPartition topicPartition : records.partitions()) {
            int partition = topicPartition.partition();
            view.scope(partition);
            List<ConsumerRecord<byte[], byte[]>> batch = records.records(topicPartition);
            List<WireRecord> wire = decoded.get(topicPartition);
            List<UUID> seen = tentativeIds.computeIfAbsent(partition, p -> new ArrayList<>());
            Set<UUID> seenInBatch = new HashSet<>();
            RecentEventIds recent =
                    recentIds.computeIfAbsent(partition, p -> new RecentEventIds(settings.recentIdsPerPartition()));
            for (int i = 0; i < batch.size(); i++) {
                ConsumerRecord<byte[], byte[]> record = batch.get(i);
                Instant sourceTimestamp = EventDecoder.ingestTime(record, now);
                WireRecord item = wire.get(i);
                if (item instanceof WireRecord.Rejected rejected) {
                    deadLetters.add(new DeadLetter(record, rejected));
                } else if (item instanceof WireRecord.Watermark watermark) {
                    advance(partition, watermark.watermark(), sourceTimestamp, decisions, outbox);
                } else if (item instanceof WireRecord.Event valid) {
                    UserEvent event = valid.event();
                    if (recent.contains(event.eventId()) || seenInBatch.contains(event.eventId()) || retained(event)) {
                        deadLetters.add(new DeadLetter(
                                record,
                                new WireRecord.Rejected(
                                        DeadLetterReason.DUPLICATE_EVENT,
                                        "event " + event.eventId() + " was already processed",
                                        Integer.toString(valid.schemaVersion()))));
                        continue;
                    }
                    seenInBatch.add(event.eventId());
                    seen.add(event.eventId());
                    events++;
                    Instant watermark = tentativeWatermarks.get(partition);
                    if (watermark != null && event.occurredAt().isBefore(watermark.minus(settings.grace()))) {
                        beyondGrace++;
                    }
                    EngineResult result = engine.onEvent(event);
                    afterDecision += result.lateEvents();
                    collect(result, sourceTimestamp, decisions, outbox);
                    advance(partition, event.occurredAt(), sourceTimestamp, decisions, outbox);
                }
            }
        }
        if (heartbeatWatermark != null) {
            lastHeartbeat = now;
            for (Integer partition : owned) {
                view.scope(partition);
                advance(partition, heartbeatWatermark, now, decisions, outbox);
            }
        }
        metrics.eventsProcessed(events);
        metrics.lateEvents("beyond-grace", beyondGrace);
        metrics.lateEvents("after-decision", afterDecision);
        Map<UUID, Instant> ingestTimes = new HashMap<>();
        for (Outcome outcome : tentativeOutcomes) {
            ingestTimes.putIfAbsent(outcome.decision().id(), outcome.sourceTimestamp());
        }
        PollBatchWrites writes =
                view.writes().withDecisions(decisions).withOutbox(outbox).withIngestTimes(ingestTimes);
        boolean nothing = records.isEmpty()
                && decisions.isEmpty()
                && writes.states().isEmpty()
                && writes.timersScheduled().isEmpty()
                && writes.timersCancelled().isEmpty();
        if (nothing) {
            watermarks.putAll(tentativeWatermarks);
            forgetTentative();
            return Optional.empty();
        }
        return Optional.of(new BatchWork(writes, deadLetters));
    }

    @Override
    public void committed(Instant now) {
        watermarks.clear();
        tentativeWatermarks.forEach((partition, watermark) -> {
            if (owned.contains(partition)) {
                watermarks.put(partition, watermark);
                metrics.watermark(partition, watermark.toEpochMilli());
            }
        });
        tentativeIds.forEach((partition, ids) -> {
            RecentEventIds recent = recentIds.get(partition);
            if (recent != null) {
                ids.forEach(recent::add);
            }
        });
        for (Outcome outcome : tentativeOutcomes) {
            metrics.decision(outcome.decision().status().name().toLowerCase(Locale.ROOT));
            metrics.processingLatency(outcome.decision().arm(), Duration.between(outcome.sourceTimestamp(), now));
        }
        forgetTentative();
    }

    @Override
    public void abandoned() {
        forgetTentative();
    }

    private void forgetTentative() {
        tentativeWatermarks = Map.of();
        tentativeIds.clear();
        tentativeOutcomes.clear();
        view.clear();
    }

    /**
     * A watermark restored from Kafka's commit metadata later than any record may now set (a record of an earlier
     * version without that bound, or a metadata write by another tool) would fire every timer at once: it is
     * dropped, and the partition's watermark starts again from its records.
     */
    private void discardImpossibleRestoredWatermarks(Instant now) {
        if (restoredUnchecked.isEmpty()) {
            return;
        }
        Instant latest = decoder.latestAccepted(now);
        for (Integer partition : restoredUnchecked) {
            Instant restored = watermarks.get(partition);
            if (restored != null && restored.isAfter(latest)) {
                watermarks.remove(partition);
                log.warn(
                        "partition {}: the watermark {} restored from the commit metadata is later than any record"
                                + " may set ({}); it is dropped and the watermark starts again from the records",
                        partition,
                        restored,
                        latest);
            }
        }
        restoredUnchecked.clear();
    }

    private boolean retained(UserEvent event) {
        Optional<UserState> state = view.load(event.userId());
        if (state.isEmpty()) {
            return false;
        }
        for (UserEvent recent : state.get().recentEvents()) {
            if (recent.eventId().equals(event.eventId())) {
                return true;
            }
        }
        return false;
    }

    private void advance(
            int partition,
            Instant time,
            Instant sourceTimestamp,
            List<Decision> decisions,
            List<OutboxMessage> outbox) {
        Instant current = tentativeWatermarks.get(partition);
        if (current != null && !time.isAfter(current)) {
            return;
        }
        tentativeWatermarks.put(partition, time);
        EngineResult fired = engine.onWatermark(time);
        for (Decision decision : fired.decisions()) {
            metrics.timerFireDelay(Duration.between(decision.decidedAt(), time));
        }
        collect(fired, sourceTimestamp, decisions, outbox);
    }

    private void collect(
            EngineResult result, Instant sourceTimestamp, List<Decision> decisions, List<OutboxMessage> outbox) {
        metrics.timersWithoutCampaign(result.timersWithoutCampaign());
        for (Decision decision : result.decisions()) {
            decisions.add(decision);
            tentativeOutcomes.add(new Outcome(decision, sourceTimestamp));
            if (decision.status() == DecisionStatus.DELIVERED) {
                outbox.add(new OutboxMessage(
                        decision.id(),
                        settings.decisionsTopic(),
                        decision.userId(),
                        DecisionMessages.of(decision, sourceTimestamp)));
            }
        }
    }

    private static Optional<Instant> parseMemo(String memo) {
        if (memo == null || !memo.startsWith(MEMO_PREFIX)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(memo.substring(MEMO_PREFIX.length())));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Instant max(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
