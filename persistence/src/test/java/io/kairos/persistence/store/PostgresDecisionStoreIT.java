package io.kairos.persistence.store;

import static io.kairos.persistence.Samples.NOON;
import static io.kairos.persistence.Samples.delivered;
import static io.kairos.persistence.Samples.ghost;
import static io.kairos.persistence.jooq.Tables.DECISION;
import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.decision.Decision;
import io.kairos.domain.experiment.Mode;
import io.kairos.domain.port.out.DecisionStore;
import io.kairos.domain.port.out.UserHashRange;
import io.kairos.persistence.TestDatabase;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

/** The {@link DecisionStore} contract against PostgreSQL, and its COPY path's PostgreSQL specifics. */
class PostgresDecisionStoreIT extends DecisionStoreContract {

    @Override
    DecisionStore emptyStore() {
        DSLContext db = TestDatabase.shared();
        TestDatabase.empty(db);
        return new PostgresDecisionStore(db);
    }

    @Test
    void givenATransaction_whenABatchHoldingARecordedDecisionIsRecorded_thenTheNewOnesAndLaterWritesCommit() {
        DSLContext db = TestDatabase.shared();
        TestDatabase.empty(db);
        Decision recorded = delivered("exp", "u-1", "t-1", NOON);
        new PostgresDecisionStore(db).record(List.of(recorded));
        Decision fresh = ghost("exp", "u-2", "t-2", NOON);
        Decision later = ghost("exp", "u-3", "t-3", NOON);

        db.transaction(configuration -> {
            PostgresDecisionStore inTransaction = new PostgresDecisionStore(configuration.dsl());
            inTransaction.record(List.of(fresh, recorded));
            inTransaction.record(List.of(later));
        });

        assertThat(db.fetchCount(DECISION)).isEqualTo(3);
        PostgresDecisionStore store = new PostgresDecisionStore(db);
        assertThat(store.find(fresh.id(), Mode.BATCH)).contains(fresh);
        assertThat(store.find(later.id(), Mode.BATCH)).contains(later);
    }

    @Test
    void givenTimesWithNanosecondsAndBeforeTheEpoch_whenRecorded_thenReadBackToTheMicrosecond() {
        DSLContext db = TestDatabase.shared();
        TestDatabase.empty(db);
        PostgresDecisionStore store = new PostgresDecisionStore(db);
        Instant precise = Instant.parse("2026-11-28T23:59:59.123456789Z");
        Instant old = Instant.parse("1969-07-20T20:17:40.000001Z");
        Decision recent = delivered("exp", "u-1", "t-1", precise);
        Decision historic = delivered("exp", "u-2", "t-2", old);

        store.record(List.of(recent, historic));

        Instant stored = Instant.parse("2026-11-28T23:59:59.123456Z");
        assertThat(store.find(recent.id(), Mode.REALTIME).orElseThrow().triggerAt())
                .isEqualTo(stored);
        assertThat(store.find(recent.id(), Mode.REALTIME).orElseThrow().deliveredAt())
                .isEqualTo(stored);
        assertThat(store.find(historic.id(), Mode.REALTIME)).contains(historic);
    }

    @Test
    void givenDecisionsOfManyUsers_whenRecorded_thenEachCarriesItsUsersBucketAsTheDomainComputesIt() {
        DSLContext db = TestDatabase.shared();
        TestDatabase.empty(db);
        List<Decision> decisions = IntStream.range(0, 200)
                .mapToObj(i -> delivered("exp", "user-" + i + "-é", "t-" + i, NOON))
                .toList();

        new PostgresDecisionStore(db).record(decisions);

        Map<String, Integer> stored = db.fetch("select user_id, user_bucket from decision")
                .intoMap(r -> r.get(0, String.class), r -> r.get(1, Integer.class));
        assertThat(stored).hasSize(200);
        stored.forEach((user, bucket) -> assertThat(bucket).as(user).isEqualTo(UserHashRange.bucketOf(user)));
    }
}
