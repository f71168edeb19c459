package io.kairos.persistence.store;

import static io.kairos.persistence.Samples.NOON;
import static io.kairos.persistence.Samples.delivered;
import static io.kairos.persistence.Samples.everyKindOfEvent;
import static io.kairos.persistence.Samples.ghost;
import static io.kairos.persistence.Samples.richState;
import static io.kairos.persistence.Samples.suppressed;
import static io.kairos.persistence.Samples.timer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kairos.domain.decision.Decision;
import io.kairos.domain.decision.Timer;
import io.kairos.domain.event.UserEvent;
import io.kairos.domain.experiment.Mode;
import io.kairos.domain.port.out.ConsumedOffset;
import io.kairos.domain.port.out.DecisionOutbox;
import io.kairos.domain.port.out.DecisionStore;
import io.kairos.domain.port.out.EventArchive;
import io.kairos.domain.port.out.OffsetStore;
import io.kairos.domain.port.out.OutboxMessage;
import io.kairos.domain.port.out.PollBatchWrites;
import io.kairos.domain.port.out.ProcessingTransaction;
import io.kairos.domain.port.out.StaleOffsetException;
import io.kairos.domain.port.out.TimerRef;
import io.kairos.domain.port.out.TimerStore;
import io.kairos.domain.port.out.UserEvents;
import io.kairos.domain.port.out.UserStateStore;
import io.kairos.domain.state.UserState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link ProcessingTransaction}: all of a poll batch or none of it, and re-committing a batch
 * changes nothing. Run against the in-memory fakes and PostgreSQL.
 */
abstract class ProcessingTransactionContract {

    /** The unit of work and the stores it writes, for reading the results back. */
    record Stores(
            ProcessingTransaction transaction,
            EventArchive archive,
            UserStateStore states,
            TimerStore timers,
            DecisionStore decisions,
            DecisionOutbox outbox,
            OffsetStore offsets) {}

    private Stores stores;

    /** A unit of work over empty stores. */
    abstract Stores emptyStores();

    @BeforeEach
    void setUp() {
        stores = emptyStores();
    }

    /** A first commit of a partition: nothing stored before it. */
    static ConsumedOffset offset(int partition, long next) {
        return new ConsumedOffset("realtime", "user-activity", partition, next, ConsumedOffset.NONE_STORED);
    }

    /** An offset as stored, or a commit that keeps it. */
    static ConsumedOffset position(int partition, long next) {
        return new ConsumedOffset("realtime", "user-activity", partition, next);
    }

    static PollBatchWrites aPollBatch() {
        List<UserEvent> events = new ArrayList<>(everyKindOfEvent("u-1", NOON));
        events.addAll(everyKindOfEvent("u-2", NOON.plusSeconds(30)));
        Decision delivered = delivered("exp", "u-1", "u-1-4", NOON);
        return PollBatchWrites.none()
                .withEvents(events)
                .withStates(List.of(richState("u-1"), richState("u-2")))
                .withTimers(List.of(timer("u-1", "cart", NOON.plusSeconds(1800))), List.of())
                .withDecisions(
                        List.of(delivered, ghost("exp", "u-2", "u-2-4", NOON), suppressed("exp", "u-2", "x", NOON)))
                .withOutbox(List.of(new OutboxMessage(delivered.id(), "decisions", "u-1", "{\"text\":\"hi\"}")))
                .withOffsets(List.of(offset(0, 120), offset(3, 7)));
    }

    private List<UserEvents> archived() {
        List<UserEvents> users = new ArrayList<>();
        stores.archive().readByUser(NOON.minusSeconds(86_400), NOON.plusSeconds(86_400), users::add);
        return users;
    }

    private void assertStoredExactly(PollBatchWrites batch) {
        assertThat(archived().stream().mapToInt(u -> u.events().size()).sum())
                .isEqualTo(batch.events().size());
        for (UserState state : batch.states()) {
            assertThat(stores.states().load(state.userId())).contains(state);
        }
        for (Timer timer : batch.timersScheduled()) {
            assertThat(stores.timers().pendingFor(timer.userId())).containsExactly(timer);
        }
        for (Decision decision : batch.decisions()) {
            assertThat(stores.decisions().find(decision.id(), decision.mode())).contains(decision);
        }
        assertThat(stores.outbox().unpublished(100)).containsExactlyElementsOf(batch.outbox());
        assertThat(stores.offsets().committed("realtime", "user-activity"))
                .containsExactlyElementsOf(
                        batch.offsets().stream().map(ConsumedOffset::position).toList());
    }

    private void assertNothingStored() {
        assertThat(archived()).isEmpty();
        assertThat(stores.states().load("u-1")).isEmpty();
        assertThat(stores.states().load("u-2")).isEmpty();
        assertThat(stores.timers().pendingFor("u-1")).isEmpty();
        assertThat(stores.timers().dueBefore(NOON.plusSeconds(86_400 * 365))).isEmpty();
        assertThat(stores.decisions().deliveredBetween("exp", Instant.EPOCH, NOON.plusSeconds(86_400)))
                .isEmpty();
        assertThat(stores.outbox().unpublished(100)).isEmpty();
    }

    @Test
    void givenPollBatch_whenCommitted_thenEveryWriteIsStored() {
        PollBatchWrites batch = aPollBatch();

        stores.transaction().commit(batch);

        assertStoredExactly(batch);
    }

    @Test
    void givenCommittedPollBatch_whenItsWritesAreCommittedAgain_thenNothingChanges() {
        PollBatchWrites batch = aPollBatch();
        stores.transaction().commit(batch);

        stores.transaction()
                .commit(batch.withOffsets(
                        batch.offsets().stream().map(ConsumedOffset::position).toList()));

        assertStoredExactly(batch);
        assertThat(archived()).hasSize(2);
    }

    @Test
    void givenStaleOffset_whenCommitted_thenNothingOfTheBatchIsStored() {
        stores.transaction().commit(PollBatchWrites.none().withOffsets(List.of(offset(3, 500))));
        PollBatchWrites zombie = aPollBatch();

        assertThatThrownBy(() -> stores.transaction().commit(zombie)).isInstanceOf(StaleOffsetException.class);

        assertNothingStored();
        assertThat(stores.offsets().committed("realtime", "user-activity")).containsExactly(position(3, 500));
        assertThat(stores.decisions().find(zombie.decisions().get(0).id(), Mode.REALTIME))
                .isEmpty();
    }

    @Test
    void
            givenPartitionProcessedFurtherByItsNewOwner_whenTheOldOwnerCommitsFurtherStill_thenNothingOfItsBatchIsStored() {
        stores.transaction().commit(PollBatchWrites.none().withOffsets(List.of(offset(0, 100))));
        stores.transaction()
                .commit(PollBatchWrites.none()
                        .withOffsets(List.of(new ConsumedOffset("realtime", "user-activity", 0, 121, 100))));
        PollBatchWrites zombie =
                aPollBatch().withOffsets(List.of(new ConsumedOffset("realtime", "user-activity", 0, 151, 100)));

        assertThatThrownBy(() -> stores.transaction().commit(zombie))
                .isInstanceOf(StaleOffsetException.class)
                .hasMessageContaining("continues from 100, but the stored offset is 121");

        assertNothingStored();
        assertThat(stores.offsets().committed("realtime", "user-activity")).containsExactly(position(0, 121));
    }

    @Test
    void givenPendingTimers_whenABatchCancelsOneAndReschedulesAnother_thenTheNetEffectIsStored() {
        Timer cancelled = timer("u-1", "browse", NOON.plusSeconds(600));
        stores.transaction()
                .commit(PollBatchWrites.none()
                        .withTimers(List.of(cancelled, timer("u-1", "cart", NOON.plusSeconds(60))), List.of()));
        Timer rearmed = timer("u-1", "cart", NOON.plusSeconds(7200));

        stores.transaction()
                .commit(PollBatchWrites.none()
                        .withTimers(List.of(rearmed), List.of(new TimerRef("u-1", cancelled.key())))
                        .withOffsets(List.of(offset(0, 1))));

        assertThat(stores.timers().pendingFor("u-1")).containsExactly(rearmed);
        assertThat(stores.offsets().committed("realtime", "user-activity")).containsExactly(position(0, 1));
    }
}
