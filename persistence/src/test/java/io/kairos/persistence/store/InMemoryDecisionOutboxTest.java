package io.kairos.persistence.store;

import io.kairos.domain.port.out.DecisionOutbox;
import io.kairos.domain.port.out.inmemory.InMemoryDecisionOutbox;

/** The {@link DecisionOutbox} contract against the in-memory fake. */
class InMemoryDecisionOutboxTest extends DecisionOutboxContract {

    @Override
    DecisionOutbox emptyOutbox() {
        return new InMemoryDecisionOutbox();
    }
}
