package io.kairos.app.streaming;

import static io.kairos.app.streaming.Workload.addToCart;
import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.port.out.PollBatchWrites;
import io.kairos.streaming.consume.CommitListener;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

/**
 * A zombie on real Kafka and PostgreSQL: a real-time consumer stalls in the middle of a batch beyond its poll
 * interval, so the group hands its partition to a second consumer, which processes and commits the same records;
 * when the first resumes, its commit is refused and nothing of its batch is kept, so every record takes effect once.
 */
class ZombieConsumerIT {

    @Test
    void givenConsumerStalledPastItsPollInterval_whenItResumesAfterTheNewOwnerCommitted_thenItsCommitIsFenced()
            throws Exception {
        try (StreamingRig rig = new StreamingRig(
                "zombie",
                1,
                Map.of(
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10,
                        ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 2000),
                engine -> engine)) {
            String group = "realtime-" + rig.activity;
            for (int i = 0; i < 10; i++) {
                rig.send(addToCart("z-" + i, 0, "p-1"));
            }
            rig.flush();
            CountDownLatch stalled = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger zombieCommits = new AtomicInteger();
            rig.startRealtime(new CommitListener() {
                @Override
                public void beforeCommit(PollBatchWrites writes) {
                    if (stalled.getCount() > 0) {
                        stalled.countDown();
                        try {
                            release.await(60, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }

                @Override
                public void afterCommit(PollBatchWrites writes) {
                    zombieCommits.incrementAndGet();
                }
            });
            assertThat(stalled.await(30, TimeUnit.SECONDS)).isTrue();

            rig.startRealtime(CommitListener.NONE);
            rig.awaitStored(group, 10);
            release.countDown();
            rig.await(() -> rig.registry
                            .get("kairos.stream.batch.fenced")
                            .tag("group", group)
                            .counter()
                            .count()
                    == 1.0);

            assertThat(zombieCommits).as("the stalled consumer's batch").hasValue(0);
            assertThat(rig.storedTotal(group)).isEqualTo(10);
            for (int i = 10; i < 15; i++) {
                rig.send(addToCart("z-" + i, 0, "p-1"));
            }
            rig.awaitStored(group, rig.flush());
            assertThat(rig.endOffsets(rig.deadLetters))
                    .as("no record was taken for a duplicate")
                    .isZero();
            assertThat(StreamingTimersIT.pendingTimers(rig)).hasSize(15);
        }
    }
}
