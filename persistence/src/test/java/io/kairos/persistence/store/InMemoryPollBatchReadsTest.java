package io.kairos.persistence.store;

import io.kairos.domain.port.out.PollBatchReads;
import io.kairos.domain.port.out.inmemory.InMemoryPollBatchReads;
import io.kairos.domain.port.out.inmemory.InMemoryTimerStore;
import io.kairos.domain.port.out.inmemory.InMemoryUserStateStore;

/** The {@link PollBatchReads} contract against the in-memory fakes. */
class InMemoryPollBatchReadsTest extends PollBatchReadsContract {

    @Override
    Stores emptyStores() {
        InMemoryUserStateStore states = new InMemoryUserStateStore();
        InMemoryTimerStore timers = new InMemoryTimerStore();
        return new Stores(new InMemoryPollBatchReads(states, timers), states, timers);
    }
}
