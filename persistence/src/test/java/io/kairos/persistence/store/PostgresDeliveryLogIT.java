package io.kairos.persistence.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kairos.domain.delivery.Delivery;
import io.kairos.domain.delivery.DeliveryStatus;
import io.kairos.domain.event.Channel;
import io.kairos.persistence.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The delivery log on PostgreSQL: idempotent recording, due claims under a lease, the final states and counts. */
class PostgresDeliveryLogIT {

    static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    static final Duration LEASE = Duration.ofSeconds(30);

    DSLContext db;
    PostgresDeliveryLog log;

    @BeforeEach
    void setUp() {
        db = TestDatabase.shared();
        db.execute("truncate delivery");
        log = new PostgresDeliveryLog(db);
    }

    static Delivery delivery(UUID id, Channel channel, String user, Instant deliverAt) {
        return Delivery.pending(
                id,
                channel,
                user,
                "cart_abandonment",
                "exp",
                "realtime",
                "{\"decisionId\":\"" + id + "\"}",
                deliverAt,
                deliverAt.plus(Duration.ofHours(1)));
    }

    @Test
    void givenADeliveryRecordedTwice_whenRead_thenOneRowKeepsItsFirstState() {
        UUID id = UUID.randomUUID();
        assertThat(log.record(List.of(delivery(id, Channel.WEBHOOK, "u1", T0)))).isEqualTo(1);
        log.claimDue(List.of(Channel.WEBHOOK), T0, 10, LEASE);
        log.markSent(id, Channel.WEBHOOK, T0.plusSeconds(1));

        assertThat(log.record(List.of(delivery(id, Channel.WEBHOOK, "u1", T0)))).isZero();
        Delivery stored = log.find(id, Channel.WEBHOOK).orElseThrow();
        assertThat(stored.status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(stored.sentAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(stored.attempts()).isEqualTo(1);
        assertThat(stored.expiresAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(log.record(List.of(delivery(id, Channel.IN_APP, "u1", T0))))
                .as("another channel")
                .isEqualTo(1);
    }

    @Test
    void givenDeliveriesDueLater_whenClaimedBeforeTheirTime_thenNoneIsClaimedUntilDue() {
        UUID later = UUID.randomUUID();
        UUID now = UUID.randomUUID();
        log.record(List.of(
                delivery(later, Channel.WEBHOOK, "u1", T0.plusSeconds(3600)),
                delivery(now, Channel.WEBHOOK, "u2", T0)));

        assertThat(log.claimDue(List.of(Channel.WEBHOOK), T0, 10, LEASE))
                .extracting(Delivery::decisionId)
                .containsExactly(now);
        log.markSent(now, Channel.WEBHOOK, T0);
        assertThat(log.claimDue(List.of(Channel.WEBHOOK), T0.plusSeconds(3599), 10, LEASE))
                .as("not before its send time")
                .isEmpty();
        assertThat(log.claimDue(List.of(Channel.WEBHOOK), T0.plusSeconds(3600), 10, LEASE))
                .extracting(Delivery::decisionId)
                .containsExactly(later);
        assertThat(log.claimDue(List.of(Channel.IN_APP), T0.plusSeconds(7200), 10, LEASE))
                .as("another channel's claim")
                .isEmpty();
    }

    @Test
    void givenAClaimedDeliveryWhoseSenderDied_whenTheLeaseEnds_thenItIsClaimedAgainWithOneMoreAttempt() {
        UUID id = UUID.randomUUID();
        log.record(List.of(delivery(id, Channel.WEBHOOK, "u1", T0)));
        assertThat(log.claimDue(List.of(Channel.WEBHOOK), T0, 10, LEASE)).hasSize(1);

        assertThat(log.claimDue(List.of(Channel.WEBHOOK), T0.plus(LEASE).minusMillis(1), 10, LEASE))
                .isEmpty();
        List<Delivery> again = log.claimDue(List.of(Channel.WEBHOOK), T0.plus(LEASE), 10, LEASE);
        assertThat(again).extracting(Delivery::attempts).containsExactly(2);
    }

    @Test
    void givenAFailedAttempt_whenRetryIsScheduled_thenDueAtThatTimeWithTheError() {
        UUID id = UUID.randomUUID();
        log.record(List.of(delivery(id, Channel.WEBHOOK, "u1", T0)));
        log.claimDue(List.of(Channel.WEBHOOK), T0, 10, LEASE);
        log.retryAt(id, Channel.WEBHOOK, T0.plusSeconds(5), "HTTP 503");

        assertThat(log.claimDue(List.of(Channel.WEBHOOK), T0.plusSeconds(4), 10, LEASE))
                .isEmpty();
        Delivery claimed = log.claimDue(List.of(Channel.WEBHOOK), T0.plusSeconds(5), 10, LEASE)
                .get(0);
        assertThat(claimed.reason()).isEqualTo("HTTP 503");
        assertThat(claimed.attempts()).isEqualTo(2);
    }

    @Test
    void givenFinishedDeliveries_whenCountedAndClaimed_thenFinalAndNeverClaimedAgain() {
        UUID dead = UUID.randomUUID();
        UUID expired = UUID.randomUUID();
        UUID pending = UUID.randomUUID();
        log.record(List.of(
                delivery(dead, Channel.WEBHOOK, "u1", T0),
                delivery(expired, Channel.IN_APP, "u1", T0),
                delivery(pending, Channel.IN_APP, "u2", T0.plusSeconds(60))));
        log.finish(dead, Channel.WEBHOOK, DeliveryStatus.DEAD, "HTTP 500 after 8 attempts");
        log.finish(expired, Channel.IN_APP, DeliveryStatus.EXPIRED, "not connected before 11:00");

        assertThat(log.claimDue(List.of(Channel.WEBHOOK, Channel.IN_APP), T0.plusSeconds(7200), 10, LEASE))
                .extracting(Delivery::decisionId)
                .containsExactly(pending);
        assertThat(log.find(dead, Channel.WEBHOOK).orElseThrow().reason()).isEqualTo("HTTP 500 after 8 attempts");
        assertThat(log.markSent(dead, Channel.WEBHOOK, T0))
                .as("a final row is not sent")
                .isFalse();
        assertThat(log.countByStatus())
                .containsEntry(DeliveryStatus.DEAD, 1L)
                .containsEntry(DeliveryStatus.EXPIRED, 1L)
                .containsEntry(DeliveryStatus.PENDING, 1L)
                .containsEntry(DeliveryStatus.SENT, 0L)
                .containsEntry(DeliveryStatus.SUPPRESSED, 0L);
        assertThatThrownBy(() -> log.finish(pending, Channel.IN_APP, DeliveryStatus.SENT, "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenOneUsersInAppMessages_whenClaimedForThatUser_thenOnlyTheirsAndSentOnesCountForTheCap() {
        UUID mine = UUID.randomUUID();
        UUID theirs = UUID.randomUUID();
        UUID earlier = UUID.randomUUID();
        log.record(List.of(
                delivery(mine, Channel.IN_APP, "u1", T0),
                delivery(theirs, Channel.IN_APP, "u2", T0),
                delivery(earlier, Channel.IN_APP, "u1", T0.minusSeconds(60))));

        List<Delivery> claimed = log.claimDueFor(Channel.IN_APP, List.of("u1"), T0, 10, LEASE);
        assertThat(claimed).extracting(Delivery::decisionId).containsExactly(earlier, mine);
        log.markSent(earlier, Channel.IN_APP, T0.minusSeconds(30));
        log.markSent(mine, Channel.IN_APP, T0);

        assertThat(log.sentBetween("u1", Channel.IN_APP, T0.minusSeconds(30), T0.plusSeconds(1)))
                .isEqualTo(2);
        assertThat(log.sentBetween("u1", Channel.IN_APP, T0.minusSeconds(29), T0))
                .isZero();
        assertThat(log.sentBetween("u1", Channel.WEBHOOK, T0.minusSeconds(60), T0.plusSeconds(1)))
                .isZero();
        assertThat(log.oldestDue(T0)).contains(T0);
        assertThat(log.claimDueFor(Channel.IN_APP, List.of("u2", "u3"), T0, 10, LEASE))
                .extracting(Delivery::decisionId)
                .containsExactly(theirs);
    }

    @Test
    void givenPendingInAppMessagesPastTheirTimeToLive_whenExpired_thenEndedAndNeverClaimed() {
        UUID old = UUID.randomUUID();
        UUID fresh = UUID.randomUUID();
        log.record(List.of(
                delivery(old, Channel.IN_APP, "u1", T0.minus(Duration.ofHours(2))),
                delivery(fresh, Channel.IN_APP, "u1", T0)));

        assertThat(log.expire(Channel.IN_APP, T0)).isEqualTo(1);
        assertThat(log.find(old, Channel.IN_APP).orElseThrow().status()).isEqualTo(DeliveryStatus.EXPIRED);
        assertThat(log.find(old, Channel.IN_APP).orElseThrow().reason()).startsWith("its time to live ended at");
        assertThat(log.claimDueFor(Channel.IN_APP, List.of("u1"), T0, 10, LEASE))
                .extracting(Delivery::decisionId)
                .containsExactly(fresh);
    }

    @Test
    void givenFourSendersClaimingAtOnce_whenEachTakesWhatItCan_thenNoDeliveryIsClaimedTwice() throws Exception {
        List<Delivery> all = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            all.add(delivery(UUID.randomUUID(), Channel.WEBHOOK, "u" + i, T0));
        }
        log.record(all);
        Set<UUID> claimed = ConcurrentHashMap.newKeySet();
        List<UUID> twice = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService senders = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            done.add(senders.submit(() -> {
                start.await();
                List<Delivery> page;
                while (!(page = log.claimDue(List.of(Channel.WEBHOOK), T0, 25, LEASE)).isEmpty()) {
                    for (Delivery d : page) {
                        if (!claimed.add(d.decisionId())) {
                            twice.add(d.decisionId());
                        }
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get();
        }
        senders.shutdown();
        assertThat(twice).isEmpty();
        assertThat(claimed).hasSize(400);
    }
}
