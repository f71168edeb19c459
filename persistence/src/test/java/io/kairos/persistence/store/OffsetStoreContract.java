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

    private static ConsumedOffset offset(int partition, long next) {
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
                new ConsumedOffset("archive", "user-activity", 1, 7),
                new ConsumedOffset("realtime", "other-topic", 1, 9)));

        assertThat(store.committed("realtime", "user-activity")).containsExactly(offset(0, 5), offset(2, 20));
    }

    @Test
    void givenStoredOffset_whenMovedForwardOrKept_thenTheNewValueIsStored() {
        store.save(List.of(offset(0, 5)));

        store.save(List.of(offset(0, 5)));
        store.save(List.of(offset(0, 12)));

        assertThat(store.committed("realtime", "user-activity")).containsExactly(offset(0, 12));
    }

    @Test
    void givenStoredOffsets_whenOneOfABatchRewinds_thenNothingOfTheBatchIsStored() {
        store.save(List.of(offset(0, 100), offset(1, 100)));

        assertThatThrownBy(() -> store.save(List.of(offset(0, 150), offset(1, 50))))
                .isInstanceOf(StaleOffsetException.class)
                .hasMessageContaining("behind the stored offset 100")
                .satisfies(
                        e -> assertThat(((StaleOffsetException) e).rejected()).isEqualTo(offset(1, 50)));

        assertThat(store.committed("realtime", "user-activity")).containsExactly(offset(0, 100), offset(1, 100));
    }
}
