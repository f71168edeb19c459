package io.kairos.persistence.store;

import static io.kairos.persistence.Samples.NOON;
import static io.kairos.persistence.Samples.timer;
import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.decision.Timer;
import io.kairos.domain.port.out.PendingTimerSnapshots;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link PendingTimerSnapshots}, run against the in-memory fake and the PostgreSQL adapter. */
abstract class PendingTimerSnapshotsContract {

    private static final Instant NIGHT_1 = NOON.minus(Duration.ofHours(10));
    private static final Instant NIGHT_2 = NIGHT_1.plus(Duration.ofDays(1));
    private static final Instant NIGHT_3 = NIGHT_2.plus(Duration.ofDays(1));

    private PendingTimerSnapshots snapshots;

    /** An empty store. */
    abstract PendingTimerSnapshots emptySnapshots();

    @BeforeEach
    void setUp() {
        snapshots = emptySnapshots();
    }

    @Test
    void givenSnapshotsOfSeveralCutoffs_whenLatestIsAsked_thenTheNewestAtOrBeforeTheLimitPerUser() {
        Timer first = timer("u-1", "cart", NIGHT_2.plusSeconds(60));
        Timer second = timer("u-1", "browse", NIGHT_3.plusSeconds(60));
        Timer other = timer("u-2", "cart", NIGHT_2.minusSeconds(60));
        snapshots.saveAll("exp", NIGHT_1, Map.of("u-1", List.of(first), "u-2", List.of(other)));
        snapshots.saveAll("exp", NIGHT_2, Map.of("u-1", List.of(first, second)));
        snapshots.saveAll("other", NIGHT_2, Map.of("u-2", List.of()));

        assertThat(snapshots.latest("exp", List.of("u-1", "u-2", "u-3"), NIGHT_2))
                .isEqualTo(Map.of("u-1", List.of(first, second), "u-2", List.of(other)));
        assertThat(snapshots.latest("exp", List.of("u-1"), NIGHT_2.minusSeconds(1)))
                .isEqualTo(Map.of("u-1", List.of(first)));
        assertThat(snapshots.latest("other", List.of("u-2"), NIGHT_3)).isEqualTo(Map.of("u-2", List.of()));
    }

    @Test
    void givenSnapshot_whenTheSameCutoffIsSavedAgain_thenItIsReplaced() {
        Timer first = timer("u-1", "cart", NIGHT_2.plusSeconds(60));
        snapshots.saveAll("exp", NIGHT_1, Map.of("u-1", List.of(first)));

        snapshots.saveAll("exp", NIGHT_1, Map.of("u-1", List.of()));

        assertThat(snapshots.latest("exp", List.of("u-1"), NIGHT_1)).isEqualTo(Map.of("u-1", List.of()));
    }

    @Test
    void
            givenTimersDueBeforeAndAfterACutoff_whenUsersWithTimersDueAreAsked_thenOnlyThoseWhoseNewestOlderSnapshotHasOneDue() {
        snapshots.saveAll(
                "exp",
                NIGHT_1,
                Map.of(
                        "u-due", List.of(timer("u-due", "cart", NIGHT_2.minusSeconds(1))),
                        "u-later", List.of(timer("u-later", "cart", NIGHT_2.plusSeconds(1))),
                        "u-done", List.of(timer("u-done", "cart", NIGHT_2.minusSeconds(1)))));
        snapshots.saveAll("exp", NIGHT_2, Map.of("u-done", List.of()));

        assertThat(snapshots.usersWithTimersDue("exp", NIGHT_2)).containsExactly("u-due");
        assertThat(snapshots.usersWithTimersDue("other", NIGHT_2)).isEmpty();
    }

    @Test
    void givenSnapshotsAroundABoundary_whenPruned_thenAnswersFromTheBoundaryOnAreUnchanged() {
        Timer due = timer("u-1", "cart", NIGHT_2.minusSeconds(1));
        snapshots.saveAll("exp", NIGHT_1, Map.of("u-1", List.of(due), "u-2", List.of()));
        Timer later = timer("u-2", "cart", NIGHT_3.minusSeconds(1));
        snapshots.saveAll("exp", NIGHT_2, Map.of("u-2", List.of(later)));
        snapshots.saveAll("exp", NIGHT_3, Map.of("u-2", List.of()));
        snapshots.saveAll("other", NIGHT_1, Map.of("u-2", List.of()));

        int pruned = snapshots.pruneBefore("exp", NIGHT_2);

        assertThat(pruned).isOne();
        assertThat(snapshots.latest("exp", List.of("u-1", "u-2"), NIGHT_2))
                .isEqualTo(Map.of("u-1", List.of(due), "u-2", List.of(later)));
        assertThat(snapshots.latest("exp", List.of("u-2"), NIGHT_1)).isEmpty();
        assertThat(snapshots.usersWithTimersDue("exp", NIGHT_2)).containsExactly("u-1");
        assertThat(snapshots.usersWithTimersDue("exp", NIGHT_3)).containsExactly("u-1");
        assertThat(snapshots.latest("other", List.of("u-2"), NIGHT_1)).isEqualTo(Map.of("u-2", List.of()));
    }
}
