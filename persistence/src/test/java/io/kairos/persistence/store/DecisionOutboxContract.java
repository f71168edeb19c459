package io.kairos.persistence.store;

import static io.kairos.persistence.Samples.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.port.out.DecisionOutbox;
import io.kairos.domain.port.out.OutboxMessage;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link DecisionOutbox}, run against the in-memory fake and the PostgreSQL adapter. */
abstract class DecisionOutboxContract {

    private DecisionOutbox outbox;

    /** An empty outbox. */
    abstract DecisionOutbox emptyOutbox();

    @BeforeEach
    void setUp() {
        outbox = emptyOutbox();
    }

    private static OutboxMessage message(String label) {
        return new OutboxMessage(id(label), "decisions", "user-" + label, "{\"decision\":\"" + label + "\"}");
    }

    @Test
    void givenQueuedMessages_whenUnpublishedAreRead_thenOldestFirstUpToTheLimit() {
        outbox.enqueue(List.of(message("a"), message("b")));
        outbox.enqueue(List.of(message("c")));

        assertThat(outbox.unpublished(2)).containsExactly(message("a"), message("b"));
        assertThat(outbox.unpublished(10)).containsExactly(message("a"), message("b"), message("c"));
    }

    @Test
    void givenPublishedMessages_whenUnpublishedAreRead_thenOnlyTheOthersRemain() {
        outbox.enqueue(List.of(message("a"), message("b"), message("c")));

        outbox.markPublished(List.of(id("a"), id("c"), id("unknown")));

        assertThat(outbox.unpublished(10)).containsExactly(message("b"));
    }

    @Test
    void givenQueuedOrPublishedMessage_whenQueuedAgain_thenItIsNotQueuedTwice() {
        outbox.enqueue(List.of(message("a"), message("b")));
        outbox.markPublished(List.of(id("a")));

        outbox.enqueue(List.of(message("a"), message("b"), message("b")));

        assertThat(outbox.unpublished(10)).containsExactly(message("b"));
    }
}
