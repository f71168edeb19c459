package io.kairos.persistence.store;

import static io.kairos.persistence.Samples.NOON;
import static io.kairos.persistence.Samples.richState;
import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.port.out.BatchProfile;
import io.kairos.domain.port.out.BatchProfileStore;
import io.kairos.domain.state.UserState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link BatchProfileStore}, run against the in-memory fake and the PostgreSQL adapter. */
abstract class BatchProfileStoreContract {

    private static final Instant MONDAY = Instant.parse("2026-11-30T02:00:00Z");
    private static final Instant TUESDAY = MONDAY.plus(Duration.ofDays(1));

    private BatchProfileStore store;

    /** An empty store. */
    abstract BatchProfileStore emptyStore();

    @BeforeEach
    void setUp() {
        store = emptyStore();
    }

    @Test
    void givenSnapshotsOfSeveralCutoffs_whenLatestIsAsked_thenTheNewestAtOrBeforeTheLimitPerUser() {
        BatchProfile aliceMonday = new BatchProfile("exp", MONDAY, richState("alice"));
        BatchProfile aliceTuesday = new BatchProfile("exp", TUESDAY, UserState.empty("alice"));
        BatchProfile bobMonday = new BatchProfile("exp", MONDAY, UserState.empty("bob"));
        BatchProfile aliceOtherExperiment = new BatchProfile("other", TUESDAY, richState("alice"));
        store.saveAll(List.of(aliceMonday, aliceTuesday, bobMonday, aliceOtherExperiment));

        assertThat(store.latest("exp", List.of("alice", "bob", "carol"), TUESDAY))
                .isEqualTo(Map.of("alice", aliceTuesday, "bob", bobMonday));
        assertThat(store.latest("exp", List.of("alice"), TUESDAY.minusSeconds(1)))
                .isEqualTo(Map.of("alice", aliceMonday));
        assertThat(store.latest("exp", List.of("alice"), MONDAY.minusSeconds(1)))
                .isEmpty();
    }

    @Test
    void givenSnapshot_whenTheSameCutoffIsRerun_thenItIsReplaced() {
        store.saveAll(List.of(new BatchProfile("exp", MONDAY, UserState.empty("alice"))));
        BatchProfile rerun = new BatchProfile("exp", MONDAY, richState("alice"));

        store.saveAll(List.of(rerun));

        assertThat(store.latest("exp", List.of("alice"), NOON.plus(Duration.ofDays(30))))
                .isEqualTo(Map.of("alice", rerun));
    }

    @Test
    void givenSnapshotsAroundABoundary_whenPruned_thenOnlyTheNewestAtOrBeforeItAndLaterOnesStay() {
        Instant wednesday = TUESDAY.plus(Duration.ofDays(1));
        BatchProfile aliceMonday = new BatchProfile("exp", MONDAY, UserState.empty("alice"));
        BatchProfile aliceTuesday = new BatchProfile("exp", TUESDAY, richState("alice"));
        BatchProfile aliceWednesday = new BatchProfile("exp", wednesday, UserState.empty("alice"));
        BatchProfile bobMonday = new BatchProfile("exp", MONDAY, richState("bob"));
        BatchProfile aliceOtherExperiment = new BatchProfile("other", MONDAY, richState("alice"));
        store.saveAll(List.of(aliceMonday, aliceTuesday, aliceWednesday, bobMonday, aliceOtherExperiment));

        int pruned = store.pruneBefore("exp", TUESDAY.plusSeconds(60));

        assertThat(pruned).isOne();
        assertThat(store.latest("exp", List.of("alice", "bob"), TUESDAY.plusSeconds(60)))
                .isEqualTo(Map.of("alice", aliceTuesday, "bob", bobMonday));
        assertThat(store.latest("exp", List.of("alice"), wednesday)).isEqualTo(Map.of("alice", aliceWednesday));
        assertThat(store.latest("exp", List.of("alice"), TUESDAY.minusSeconds(1)))
                .isEmpty();
        assertThat(store.latest("other", List.of("alice"), MONDAY)).isEqualTo(Map.of("alice", aliceOtherExperiment));
        assertThat(store.pruneBefore("exp", TUESDAY.plusSeconds(60))).isZero();
    }
}
