package io.kairos.persistence.store;

import static io.kairos.persistence.Samples.NOON;
import static io.kairos.persistence.Samples.delivered;
import static io.kairos.persistence.Samples.ghost;
import static io.kairos.persistence.Samples.suppressed;
import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.decision.Decision;
import io.kairos.domain.experiment.Mode;
import io.kairos.domain.port.out.DecisionStore;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link DecisionStore}, run against the in-memory fake and the PostgreSQL adapter. */
abstract class DecisionStoreContract {

    private DecisionStore store;

    /** An empty store. */
    abstract DecisionStore emptyStore();

    @BeforeEach
    void setUp() {
        store = emptyStore();
    }

    @Test
    void givenDeliveredGhostAndSuppressedDecisions_whenRecorded_thenEachIsFoundAsWritten() {
        Decision delivered = delivered("exp", "u-1", "t-1", NOON);
        Decision ghost = ghost("exp", "u-2", "t-2", NOON);
        Decision suppressed = suppressed("exp", "u-3", "t-3", NOON);

        store.record(List.of(delivered, ghost, suppressed));

        assertThat(store.find(delivered.id(), Mode.REALTIME)).contains(delivered);
        assertThat(store.find(ghost.id(), Mode.BATCH)).contains(ghost);
        assertThat(store.find(suppressed.id(), Mode.REALTIME)).contains(suppressed);
        assertThat(store.find(delivered.id(), Mode.BATCH)).isEmpty();
    }

    @Test
    void givenRecordedDecision_whenRecordedAgainEvenWithOtherContent_thenTheFirstStays() {
        Decision first = delivered("exp", "u-1", "t-1", NOON);
        store.record(List.of(first));
        Decision rerun = new Decision(
                first.id(),
                first.experimentKey(),
                first.campaignId(),
                first.userId(),
                first.arm(),
                first.mode(),
                first.triggerEventId(),
                first.triggerAt(),
                first.decidedAt(),
                first.plannedDeliveryAt(),
                first.deliveredAt(),
                null,
                first.channel(),
                "another text",
                null,
                null,
                false,
                3);

        store.record(List.of(rerun, first));

        assertThat(store.find(first.id(), Mode.REALTIME)).contains(first);
        assertThat(store.deliveredBetween("exp", NOON, NOON.plusSeconds(1))).containsExactly(first);
    }

    @Test
    void givenTheSameTriggerDecidedByBothModes_whenRecorded_thenBothAreKeptUnderOneId() {
        Decision realtime = delivered("exp", "u-1", "t-1", NOON);
        Decision batch = ghost("exp", "u-1", "t-1", NOON);

        store.record(List.of(realtime, batch));

        assertThat(batch.id()).isEqualTo(realtime.id());
        assertThat(store.find(realtime.id(), Mode.REALTIME)).contains(realtime);
        assertThat(store.find(batch.id(), Mode.BATCH)).contains(batch);
    }

    @Test
    void givenDecisionsOfTwoExperiments_whenDeliveredBetween_thenOnlyThatExperimentsDeliveriesInTheWindowByTime() {
        Decision second = delivered("exp", "u-1", "t-1", NOON.plusSeconds(30));
        Decision first = delivered("exp", "u-2", "t-2", NOON);
        Decision atUntil = delivered("exp", "u-3", "t-3", NOON.plusSeconds(60));
        Decision otherExperiment = delivered("other", "u-1", "t-1", NOON);
        store.record(List.of(second, first, atUntil, otherExperiment, ghost("exp", "u-4", "t-4", NOON)));

        assertThat(store.deliveredBetween("exp", NOON, NOON.plusSeconds(60))).containsExactly(first, second);
    }
}
