package io.kairos.app.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class OutcomeCheckerTest {

    static OutcomeChecker.Snapshot snapshot(
            Map<String, String> decisions, Map<String, String> outbox, Map<String, Integer> published) {
        Map<String, Map<String, String>> tables = new TreeMap<>();
        tables.put("decision", decisions);
        tables.put("decision_outbox", outbox);
        tables.put("user_event", Map.of("e1", "cart", "e2", "purchase"));
        Map<String, Set<String>> contents = new TreeMap<>();
        published.keySet().forEach(id -> contents.put(id, Set.of("{" + id + "}")));
        return new OutcomeChecker.Snapshot(tables, Map.of("e1", 1, "e2", 1), Map.of(), published, contents);
    }

    static final OutcomeChecker.Snapshot REFERENCE = snapshot(
            Map.of("d1/realtime", "cart", "d2/batch", "cart", "d3/realtime", "sale"),
            Map.of("d1", "u1", "d3", "u3"),
            Map.of("d1", 1, "d3", 1));

    @Test
    void givenTheSameRows_whenCompared_thenNoDifference() {
        assertThat(OutcomeChecker.differences(REFERENCE, REFERENCE)).isEmpty();
    }

    @Test
    void givenALostDecision_whenCompared_thenTheFailureNamesItsId() {
        OutcomeChecker.Snapshot faulted = snapshot(
                Map.of("d1/realtime", "cart", "d3/realtime", "sale"),
                Map.of("d1", "u1", "d3", "u3"),
                Map.of("d1", 1, "d3", 1));

        assertThatThrownBy(() -> OutcomeChecker.assertSameOutcome(REFERENCE, faulted))
                .hasMessageContaining("decision: 1 of 3 rows missing, e.g. d2/batch");
    }

    @Test
    void givenAChangedDecision_whenCompared_thenTheFailureShowsBothContents() {
        OutcomeChecker.Snapshot faulted = snapshot(
                Map.of("d1/realtime", "cart", "d2/batch", "upsell", "d3/realtime", "sale"),
                Map.of("d1", "u1", "d3", "u3"),
                Map.of("d1", 1, "d3", 1));

        assertThat(OutcomeChecker.differences(REFERENCE, faulted))
                .containsExactly("decision: 1 rows with a different content, e.g. d2/batch;"
                        + " d2/batch is [upsell] instead of [cart]");
    }

    @Test
    void givenAnUnpublishedAndAnUnknownMessage_whenCompared_thenBothAreNamed() {
        OutcomeChecker.Snapshot faulted =
                snapshot(REFERENCE.tables().get("decision"), Map.of("d1", "u1", "d3", "u3"), Map.of("d1", 2, "d9", 1));

        assertThat(OutcomeChecker.differences(REFERENCE, faulted))
                .containsExactly(
                        "decisions topic: 1 decisions of the outbox never published, e.g. d3",
                        "decisions topic: 1 messages of decisions not in the outbox, e.g. d9");
        assertThat(faulted.republished()).isEqualTo(1);
    }

    @Test
    void givenAnEventArchivedTwiceAndADoubleDelivery_whenCompared_thenBothAreReported() {
        OutcomeChecker.Snapshot faulted = new OutcomeChecker.Snapshot(
                REFERENCE.tables(),
                Map.of("e1", 2, "e2", 1),
                Map.of("d1/email", 2),
                REFERENCE.publishedCopies(),
                REFERENCE.publishedContents());

        assertThat(OutcomeChecker.differences(REFERENCE, faulted))
                .containsExactly(
                        "user_event: events archived more than once: 1, e.g. e1 x2",
                        "delivery: decisions delivered more than once on a channel: 1, e.g. d1/email x2");
    }

    @Test
    void givenADecisionRepublishedWithAnotherContent_whenCompared_thenItIsReported() {
        Map<String, Set<String>> contents = new TreeMap<>(REFERENCE.publishedContents());
        contents.put("d1", Set.of("{d1}", "{d1 changed}"));
        OutcomeChecker.Snapshot faulted = new OutcomeChecker.Snapshot(
                REFERENCE.tables(), REFERENCE.archiveCopies(), Map.of(), Map.of("d1", 2, "d3", 1), contents);

        assertThat(OutcomeChecker.differences(REFERENCE, faulted))
                .containsExactly("decisions topic: 1 decisions published again with a different content, e.g. d1");
    }
}
