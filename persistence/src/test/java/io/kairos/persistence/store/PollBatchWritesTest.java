package io.kairos.persistence.store;

import static io.kairos.persistence.Samples.NOON;
import static io.kairos.persistence.Samples.timer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kairos.domain.decision.Timer;
import io.kairos.domain.port.out.PollBatchWrites;
import io.kairos.domain.port.out.TimerRef;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PollBatchWritesTest {

    @Test
    void givenTimerBothScheduledAndCancelled_whenBatchIsBuilt_thenItIsRejectedAsNotANetEffect() {
        Timer timer = timer("u-1", "cart", NOON);

        assertThatThrownBy(() ->
                        PollBatchWrites.none().withTimers(List.of(timer), List.of(new TimerRef("u-1", timer.key()))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("both scheduled and cancelled");
    }

    @Test
    void givenMutableLists_whenBatchIsBuilt_thenLaterChangesToThemDoNotLeakIn() {
        List<Timer> scheduled = new ArrayList<>(List.of(timer("u-1", "cart", NOON)));
        PollBatchWrites batch = PollBatchWrites.none().withTimers(scheduled, List.of());

        scheduled.clear();

        assertThat(batch.timersScheduled()).hasSize(1);
    }
}
