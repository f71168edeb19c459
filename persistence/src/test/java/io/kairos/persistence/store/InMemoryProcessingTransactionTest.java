package io.kairos.persistence.store;

import io.kairos.domain.port.out.ProcessingTransaction;
import io.kairos.domain.port.out.inmemory.InMemoryDecisionOutbox;
import io.kairos.domain.port.out.inmemory.InMemoryDecisionStore;
import io.kairos.domain.port.out.inmemory.InMemoryEventArchive;
import io.kairos.domain.port.out.inmemory.InMemoryOffsetStore;
import io.kairos.domain.port.out.inmemory.InMemoryProcessingTransaction;
import io.kairos.domain.port.out.inmemory.InMemoryTimerStore;
import io.kairos.domain.port.out.inmemory.InMemoryUserStateStore;

/** The {@link ProcessingTransaction} contract against the in-memory fakes. */
class InMemoryProcessingTransactionTest extends ProcessingTransactionContract {

    @Override
    Stores emptyStores() {
        InMemoryEventArchive archive = new InMemoryEventArchive();
        InMemoryUserStateStore states = new InMemoryUserStateStore();
        InMemoryTimerStore timers = new InMemoryTimerStore();
        InMemoryDecisionStore decisions = new InMemoryDecisionStore();
        InMemoryDecisionOutbox outbox = new InMemoryDecisionOutbox();
        InMemoryOffsetStore offsets = new InMemoryOffsetStore();
        return new Stores(
                new InMemoryProcessingTransaction(archive, states, timers, decisions, outbox, offsets),
                archive,
                states,
                timers,
                decisions,
                outbox,
                offsets);
    }
}
