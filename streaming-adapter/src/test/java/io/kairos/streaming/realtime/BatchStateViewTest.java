package io.kairos.streaming.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.decision.Timer;
import io.kairos.domain.event.EventProperties;
import io.kairos.domain.event.UserEvent;
import io.kairos.domain.port.out.inmemory.InMemoryPollBatchReads;
import io.kairos.domain.port.out.inmemory.InMemoryTimerStore;
import io.kairos.domain.port.out.inmemory.InMemoryUserStateStore;
import io.kairos.streaming.wire.EventDecoder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The batch view answers timer reads exactly as a store holding the stored timers with the batch's changes applied
 * would, whatever the order of schedules, reschedules and cancellations: a model-based check against {@link
 * InMemoryTimerStore}.
 */
class BatchStateViewTest {

    private static final Instant T0 = Instant.parse("2026-11-02T00:00:00Z");
    private static final int PARTITIONS = 4;

    @Test
    void givenRandomScheduleAndCancelSequences_whenTimersAreRead_thenTheViewAnswersAsTheStoreWithTheChangesApplied() {
        SplittableRandom random = new SplittableRandom(19);
        for (int round = 0; round < 200; round++) {
            InMemoryTimerStore stored = new InMemoryTimerStore();
            InMemoryTimerStore model = new InMemoryTimerStore();
            List<String> users = new ArrayList<>();
            for (int u = 0; u < 12; u++) {
                users.add("user-" + round + "-" + u);
            }
            for (int i = 0; i < 15; i++) {
                Timer timer = timer(random, users);
                stored.schedule(timer);
                model.schedule(timer);
            }
            BatchStateView view = new BatchStateView(
                    new InMemoryUserStateStore(),
                    stored,
                    new InMemoryPollBatchReads(new InMemoryUserStateStore(), stored));
            view.begin(users.subList(0, 6), T0.plusSeconds(random.nextInt(3600)), PARTITIONS);
            for (int step = 0; step < 60; step++) {
                if (random.nextInt(3) == 0) {
                    String user = users.get(random.nextInt(users.size()));
                    String key = "key-" + random.nextInt(3);
                    view.cancel(user, key);
                    model.cancel(user, key);
                } else {
                    Timer timer = timer(random, users);
                    view.schedule(timer);
                    model.schedule(timer);
                }
                int partition = random.nextInt(PARTITIONS + 1) - 1;
                view.scope(partition);
                Instant limit = T0.plusSeconds(random.nextInt(7200));
                List<Timer> expected = model.dueBefore(limit).stream()
                        .filter(t -> partition < 0 || EventDecoder.partitionOf(t.userId(), PARTITIONS) == partition)
                        .toList();
                assertThat(view.dueBefore(limit))
                        .as("round %d step %d: due before %s on partition %d", round, step, limit, partition)
                        .containsExactlyElementsOf(expected);
                String user = users.get(random.nextInt(users.size()));
                assertThat(view.pendingFor(user))
                        .as("round %d step %d: pending for %s", round, step, user)
                        .containsExactlyElementsOf(model.pendingFor(user));
            }
        }
    }

    private static Timer timer(SplittableRandom random, List<String> users) {
        String user = users.get(random.nextInt(users.size()));
        Instant due = T0.plusSeconds(random.nextInt(7200));
        UserEvent start = new UserEvent(UUID.randomUUID(), user, T0, null, new EventProperties.PageView("/", null));
        return new Timer(user, "campaign", "key-" + random.nextInt(3), due, start);
    }
}
