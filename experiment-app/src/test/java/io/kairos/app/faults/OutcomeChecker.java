package io.kairos.app.faults;

import io.kairos.streaming.wire.DecisionMessages;
import io.kairos.testsupport.TestKafka;
import io.kairos.testsupport.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Compares what a faulted run left behind with what an uninterrupted run of the same event log left: the same
 * decisions (ids and content), the same user state, batch profiles and timers (so the same outcomes follow), the same
 * outbox, every
 * decision of the outbox on the decisions topic (deduplicated by decision id, each copy with the same content),
 * every delivery at most once per channel, and the archive with every event once. A failure names each table that
 * differs and the first few keys missing, extra or changed.
 */
final class OutcomeChecker {

    private static final int SHOWN = 5;

    /** Everything a run wrote that the exactly-once promise covers, keyed by what makes a row unique. */
    record Snapshot(
            Map<String, Map<String, String>> tables,
            Map<String, Integer> archiveCopies,
            Map<String, Integer> deliveriesPerChannel,
            Map<String, Integer> publishedCopies,
            Map<String, Set<String>> publishedContents) {

        /** Decisions in the database. */
        int decisions() {
            return tables.get("decision").size();
        }

        /** Sends to the decisions topic beyond the first of each decision (at-least-once on the wire). */
        int republished() {
            return publishedCopies == null
                    ? 0
                    : publishedCopies.values().stream().mapToInt(n -> n - 1).sum();
        }
    }

    private OutcomeChecker() {}

    /**
     * Reads a run's tables and, when {@code decisionsTopic} is given, every message on that topic; without a topic (a
     * run without a publisher) the snapshot's published maps are null and the topic is not compared.
     */
    static Snapshot snapshot(TestPostgres database, TestKafka kafka, String decisionsTopic) throws SQLException {
        Map<String, Map<String, String>> tables = new TreeMap<>();
        Map<String, Integer> archiveCopies;
        Map<String, Integer> deliveries;
        try (Connection connection = database.connect()) {
            tables.put(
                    "decision",
                    rows(
                            connection,
                            "select decision_id || '/' || mode, experiment_key, campaign_id, user_id, arm, status,"
                                    + " ghost, trigger_event_id, trigger_at, decided_at, planned_delivery_at,"
                                    + " held_until, payload from decision"));
            tables.put(
                    "decision_outbox",
                    rows(
                            connection,
                            "select decision_id, message_key,"
                                    + " (payload::jsonb - 'sourceRecordTimestamp')::text from decision_outbox"));
            tables.put("user_state", rows(connection, "select user_id, state::text from user_state"));
            tables.put(
                    "batch_profile",
                    rows(
                            connection,
                            "select experiment_key || '/' || user_id || '/' || cutoff, state::text"
                                    + " from batch_profile"));
            tables.put(
                    "pending_timer",
                    rows(
                            connection,
                            "select user_id || '/' || timer_key, due_at, start_event->>'eventId' from pending_timer"));
            tables.put(
                    "user_event",
                    rows(
                            connection,
                            "select event_id, occurred_at, user_id, event_type, session_id, properties::text"
                                    + " from user_event"));
            archiveCopies = counts(connection, "select event_id, count(*) from user_event group by event_id");
            deliveries = counts(
                    connection,
                    "select decision_id || '/' || channel, count(*) from delivery group by decision_id, channel");
        }
        if (decisionsTopic == null) {
            return new Snapshot(tables, archiveCopies, deliveries, null, null);
        }
        Map<String, Integer> copies = new TreeMap<>();
        Map<String, Set<String>> contents = new TreeMap<>();
        List<ConsumerRecord<byte[], byte[]>> published = kafka.read(
                decisionsTopic,
                Integer.MAX_VALUE,
                Duration.ofSeconds(3),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        for (ConsumerRecord<byte[], byte[]> record : published) {
            Header id = record.headers().lastHeader(DecisionMessages.DECISION_ID_HEADER);
            String key = id == null ? "(no decision id header) " + record.offset() : utf8(id.value());
            copies.merge(key, 1, Integer::sum);
            contents.computeIfAbsent(key, k -> new TreeSet<>())
                    .add(utf8(record.value()).replaceAll("\"sourceRecordTimestamp\":\"[^\"]*\"", ""));
        }
        return new Snapshot(tables, archiveCopies, deliveries, copies, contents);
    }

    /**
     * Throws an {@link AssertionError} listing every difference between the faulted run and the reference, and every
     * copy the faulted run made that exactly-once forbids.
     */
    static void assertSameOutcome(Snapshot reference, Snapshot faulted) {
        List<String> problems = differences(reference, faulted);
        if (!problems.isEmpty()) {
            throw new AssertionError("The faulted run differs from the uninterrupted run of the same log:\n  "
                    + String.join("\n  ", problems));
        }
    }

    /** The differences {@link #assertSameOutcome} reports, one sentence each; empty when the runs agree. */
    static List<String> differences(Snapshot reference, Snapshot faulted) {
        List<String> problems = new ArrayList<>();
        for (String table : reference.tables().keySet()) {
            compare(table, reference.tables().get(table), faulted.tables().get(table), problems);
        }
        tooMany("user_event: events archived more than once", faulted.archiveCopies(), problems);
        tooMany("delivery: decisions delivered more than once on a channel", faulted.deliveriesPerChannel(), problems);
        Set<String> outbox = faulted.tables().get("decision_outbox").keySet();
        if (faulted.publishedCopies() != null) {
            Set<String> unpublished = new TreeSet<>(outbox);
            unpublished.removeAll(faulted.publishedCopies().keySet());
            Set<String> unknown = new TreeSet<>(faulted.publishedCopies().keySet());
            unknown.removeAll(outbox);
            if (!unpublished.isEmpty()) {
                problems.add("decisions topic: " + unpublished.size()
                        + " decisions of the outbox never published, e.g. " + first(unpublished));
            }
            if (!unknown.isEmpty()) {
                problems.add("decisions topic: " + unknown.size() + " messages of decisions not in the outbox, e.g. "
                        + first(unknown));
            }
            Set<String> diverging = faulted.publishedContents().entrySet().stream()
                    .filter(e -> e.getValue().size() > 1)
                    .map(Map.Entry::getKey)
                    .collect(Collectors.toCollection(TreeSet::new));
            if (!diverging.isEmpty()) {
                problems.add("decisions topic: " + diverging.size()
                        + " decisions published again with a different content, e.g. " + first(diverging));
            }
        }
        return problems;
    }

    private static void compare(
            String table, Map<String, String> expected, Map<String, String> actual, List<String> problems) {
        Set<String> missing = new TreeSet<>(expected.keySet());
        missing.removeAll(actual.keySet());
        Set<String> extra = new TreeSet<>(actual.keySet());
        extra.removeAll(expected.keySet());
        Set<String> changed = expected.keySet().stream()
                .filter(actual::containsKey)
                .filter(key -> !Objects.equals(expected.get(key), actual.get(key)))
                .collect(Collectors.toCollection(TreeSet::new));
        if (!missing.isEmpty()) {
            problems.add(
                    table + ": " + missing.size() + " of " + expected.size() + " rows missing, e.g. " + first(missing));
        }
        if (!extra.isEmpty()) {
            problems.add(
                    table + ": " + extra.size() + " rows the uninterrupted run does not have, e.g. " + first(extra));
        }
        if (!changed.isEmpty()) {
            String key = changed.iterator().next();
            problems.add(table + ": " + changed.size() + " rows with a different content, e.g. " + first(changed) + "; "
                    + key + " is [" + actual.get(key) + "] instead of [" + expected.get(key) + "]");
        }
    }

    private static void tooMany(String what, Map<String, Integer> copies, List<String> problems) {
        Set<String> doubled = copies.entrySet().stream()
                .filter(e -> e.getValue() > 1)
                .map(e -> e.getKey() + " x" + e.getValue())
                .collect(Collectors.toCollection(TreeSet::new));
        if (!doubled.isEmpty()) {
            problems.add(what + ": " + doubled.size() + ", e.g. " + first(doubled));
        }
    }

    private static String first(Set<String> keys) {
        return keys.stream().limit(SHOWN).collect(Collectors.joining(", ")) + (keys.size() > SHOWN ? ", ..." : "");
    }

    private static Map<String, String> rows(Connection connection, String sql) throws SQLException {
        Map<String, String> rows = new TreeMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                StringBuilder content = new StringBuilder();
                for (int i = 2; i <= columns; i++) {
                    content.append(i == 2 ? "" : "|").append(result.getString(i));
                }
                String key = result.getString(1);
                if (rows.put(key, content.toString()) != null) {
                    rows.put(key + " (again)", content.toString());
                }
            }
        }
        return rows;
    }

    private static Map<String, Integer> counts(Connection connection, String sql) throws SQLException {
        Map<String, Integer> counts = new TreeMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                counts.put(result.getString(1), result.getInt(2));
            }
        }
        return counts;
    }

    private static String utf8(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }
}
