package io.kairos.persistence.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kairos.domain.port.out.ConsumedOffset;
import io.kairos.domain.port.out.OffsetStore;
import io.kairos.domain.port.out.StaleOffsetException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link OffsetStore}, run against the in-memory fake and the PostgreSQL adapter. */
abstract class OffsetStoreContract {

    private OffsetStore store;

    /** An empty store. */
    abstract OffsetStore emptyStore();

    @BeforeEach
    void setUp() {
        store = emptyStore();
    }

    /** A first commit of a partition: nothing stored before it. */
    private static ConsumedOffset offset(int partition, long next) {
        return new ConsumedOffset("realtime", "user-activity", partition, next, ConsumedOffset.NONE_STORED);
    }

    /** A commit continuing from {@code from}. */
    private static ConsumedOffset advance(int partition, long from, long next) {
        return new ConsumedOffset("realtime", "user-activity", partition, next, from);
    }

    /** An offset as stored. */
    private static ConsumedOffset position(int partition, long next) {
        return new ConsumedOffset("realtime", "user-activity", partition, next);
    }

    @Test
    void givenNothingStored_whenCommittedIsRead_thenEmpty() {
        assertThat(store.committed("realtime", "user-activity")).isEmpty();
    }

    @Test
    void givenOffsetsOfSeveralGroupsAndTopics_whenCommittedIsRead_thenOnlyThatGroupAndTopicByPartition() {
        store.save(List.of(offset(2, 20), offset(0, 5)));
        store.save(List.of(
                new ConsumedOffset("archive", "user-activity", 1, 7, ConsumedOffset.NONE_STORED),
                new ConsumedOffset("realtime", "other-topic", 1, 9, ConsumedOffset.NONE_STORED)));

        assertThat(store.committed("realtime", "user-activity")).containsExactly(position(0, 5), position(2, 20));
    }

    @Test
    void givenStoredOffset_whenMovedForwardOrKeptFromIt_thenTheNewValueIsStored() {
        store.save(List.of(offset(0, 5)));

        store.save(List.of(position(0, 5)));
        store.save(List.of(advance(0, 5, 12)));

        assertThat(store.committed("realtime", "user-activity")).containsExactly(position(0, 12));
    }

    @Test
    void givenStoredOffsets_whenOneOfABatchContinuesFromAnotherOffset_thenNothingOfTheBatchIsStored() {
        store.save(List.of(offset(0, 100), offset(1, 100)));

        assertThatThrownBy(() -> store.save(List.of(advance(0, 100, 150), advance(1, 40, 150))))
                .isInstanceOf(StaleOffsetException.class)
                .hasMessageContaining("continues from 40, but the stored offset is 100")
                .satisfies(
                        e -> assertThat(((StaleOffsetException) e).rejected()).isEqualTo(advance(1, 40, 150)));

        assertThat(store.committed("realtime", "user-activity")).containsExactly(position(0, 100), position(1, 100));
    }

    @Test
    void givenOffsetStoredByAnother_whenACommitClaimsNothingWasStored_thenStale() {
        store.save(List.of(offset(0, 10)));

        assertThatThrownBy(() -> store.save(List.of(offset(0, 30))))
                .isInstanceOf(StaleOffsetException.class)
                .hasMessageContaining("continues from nothing stored, but the stored offset is 10");

        assertThat(store.committed("realtime", "user-activity")).containsExactly(position(0, 10));
    }

    @Test
    void givenNothingStored_whenACommitClaimsAnEarlierOffset_thenStale() {
        assertThatThrownBy(() -> store.save(List.of(advance(0, 10, 30))))
                .isInstanceOf(StaleOffsetException.class)
                .hasMessageContaining("the stored offset is none");

        assertThat(store.committed("realtime", "user-activity")).isEmpty();
    }
}
