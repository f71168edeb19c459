package io.kairos.persistence.store;

import static io.kairos.persistence.Samples.NOON;
import static io.kairos.persistence.Samples.RETENTION;
import static io.kairos.persistence.Samples.pageView;
import static io.kairos.persistence.Samples.richState;
import static io.kairos.persistence.Samples.timer;
import static io.kairos.persistence.jooq.Tables.DECISION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kairos.domain.decision.Decision;
import io.kairos.domain.decision.Timer;
import io.kairos.domain.port.out.ConsumedOffset;
import io.kairos.domain.port.out.OutboxMessage;
import io.kairos.domain.port.out.PollBatchWrites;
import io.kairos.domain.port.out.ProcessingTransaction;
import io.kairos.domain.port.out.TimerRef;
import io.kairos.domain.state.UserState;
import io.kairos.persistence.TestDatabase;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;

/** The {@link ProcessingTransaction} contract against PostgreSQL, plus a failure only a database can produce. */
class PostgresProcessingTransactionIT extends ProcessingTransactionContract {

    private DSLContext db;

    @Override
    Stores emptyStores() {
        db = TestDatabase.shared();
        TestDatabase.empty(db);
        EventPartitions partitions = EventPartitions.standard(db);
        return new Stores(
                new PostgresProcessingTransaction(db, partitions, "exp"),
                new PostgresEventArchive(db, partitions),
                new PostgresUserStateStore(db, "exp"),
                new PostgresTimerStore(db, "exp"),
                new PostgresDecisionStore(db),
                new PostgresDecisionOutbox(db),
                new PostgresOffsetStore(db));
    }

    @Test
    void givenTwoExperimentsStreamedAgainstOneDatabase_whenEachCommitsTheSameUsers_thenEachReadsOnlyItsOwnRows() {
        EventPartitions partitions = EventPartitions.standard(db);
        UserState firstState = richState("u-1");
        UserState secondState = firstState.apply(pageView("second only", "u-1", NOON.plusSeconds(60)), RETENTION);
        Timer firstCart = timer("u-1", "cart", NOON.plusSeconds(1800));
        Timer secondCart = timer("u-1", "cart", NOON.plusSeconds(900));
        Timer secondBrowse = timer("u-1", "browse", NOON.plusSeconds(600));
        new PostgresProcessingTransaction(db, partitions, "first")
                .commit(PollBatchWrites.none()
                        .withStates(List.of(firstState))
                        .withTimers(List.of(firstCart), List.of())
                        .withOffsets(List.of(new ConsumedOffset(
                                "realtime-first", "user-activity", 0, 5, ConsumedOffset.NONE_STORED))));
        PostgresProcessingTransaction second = new PostgresProcessingTransaction(db, partitions, "second");
        second.commit(PollBatchWrites.none()
                .withStates(List.of(secondState))
                .withTimers(List.of(secondCart, secondBrowse), List.of())
                .withOffsets(List.of(
                        new ConsumedOffset("realtime-second", "user-activity", 0, 3, ConsumedOffset.NONE_STORED))));
        second.commit(PollBatchWrites.none()
                .withTimers(List.of(), List.of(new TimerRef("u-1", firstCart.key())))
                .withOffsets(List.of(new ConsumedOffset("realtime-second", "user-activity", 0, 4, 3))));

        assertThat(new PostgresUserStateStore(db, "first").load("u-1")).contains(firstState);
        assertThat(new PostgresUserStateStore(db, "second").load("u-1")).contains(secondState);
        assertThat(new PostgresUserStateStore(db, "third").load("u-1")).isEmpty();
        assertThat(new PostgresTimerStore(db, "first").pendingFor("u-1"))
                .as("the second experiment's cancellation leaves the first one's timer")
                .containsExactly(firstCart);
        assertThat(new PostgresTimerStore(db, "second").pendingFor("u-1")).containsExactly(secondBrowse);
        assertThat(new PostgresTimerStore(db, "first").dueBefore(NOON.plusSeconds(86_400)))
                .containsExactly(firstCart);
        PostgresPollBatchReads firstReads = new PostgresPollBatchReads(db, "first");
        assertThat(firstReads.states(List.of("u-1"))).containsExactlyEntriesOf(Map.of("u-1", firstState));
        assertThat(firstReads.pendingTimers(List.of("u-1")))
                .containsExactlyEntriesOf(Map.of("u-1", List.of(firstCart)));
        assertThat(new PostgresPollBatchReads(db, "second").states(List.of("u-1")))
                .containsExactlyEntriesOf(Map.of("u-1", secondState));
    }

    @Test
    void givenIngestTimeForOneDecision_whenCommitted_thenItIsStoredAndTheOthersHaveNone() {
        PollBatchWrites batch = aPollBatch();
        assertThat(batch.decisions()).hasSizeGreaterThan(1);
        Decision timed = batch.decisions().get(0);
        Instant ingested = Instant.parse("2026-11-28T10:00:00.123Z");

        new PostgresProcessingTransaction(db, EventPartitions.standard(db), "exp")
                .commit(batch.withIngestTimes(Map.of(timed.id(), ingested)));

        Map<UUID, OffsetDateTime> stored = db.select(DECISION.DECISION_ID, DECISION.INGESTED_AT)
                .from(DECISION)
                .fetchMap(DECISION.DECISION_ID, DECISION.INGESTED_AT);
        assertThat(stored.get(timed.id()).toInstant()).isEqualTo(ingested);
        assertThat(stored).hasSize(batch.decisions().size());
        batch.decisions().stream()
                .skip(1)
                .forEach(other -> assertThat(stored.get(other.id())).isNull());
    }

    @Test
    void givenBatchWhoseOutboxRowTheDatabaseRejects_whenCommitted_thenTheEarlierWritesAreRolledBackToo() {
        PollBatchWrites batch = aPollBatch();
        OutboxMessage tooLongTopic = new OutboxMessage(batch.decisions().get(0).id(), "t".repeat(201), "u-1", "{}");

        assertThatThrownBy(() -> new PostgresProcessingTransaction(db, EventPartitions.standard(db), "exp")
                        .commit(batch.withOutbox(List.of(tooLongTopic))))
                .isInstanceOf(DataAccessException.class);

        for (String table : List.of(
                "user_event", "user_state", "pending_timer", "decision", "decision_outbox", "consumer_offset")) {
            assertThat(db.fetchCount(db.selectFrom(table))).as(table).isZero();
        }
    }
}
