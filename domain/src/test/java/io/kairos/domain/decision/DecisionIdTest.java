package io.kairos.domain.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class DecisionIdTest {

    private static final UUID TRIGGER = UUID.fromString("11111111-2222-3333-4444-555555555555");

    /**
     * Reference from Python's uuid module: {@code uuid.uuid5(uuid.UUID("0d5b6e8a-3c1f-5e7a-9b2d-4f6a8c0e1b3d"),
     * "checkout-2026\ncart_abandonment\nalice\n11111111-2222-3333-4444-555555555555")} is {@code
     * fd444bed-64ce-5dc6-ac1d-9206c9e373dc}.
     */
    @Test
    void givenExperimentCampaignUserAndTrigger_whenDerived_thenStandardVersion5Uuid() {
        UUID id = DecisionId.of("checkout-2026", "cart_abandonment", "alice", TRIGGER);

        assertThat(id).isEqualTo(UUID.fromString("fd444bed-64ce-5dc6-ac1d-9206c9e373dc"));
        assertThat(id.version()).isEqualTo(5);
        assertThat(id.variant()).isEqualTo(2);
    }

    @Test
    void givenAnyDifferentInput_whenDerived_thenDifferentId() {
        UUID base = DecisionId.of("e", "c", "u", TRIGGER);

        assertThat(DecisionId.of("e", "c", "u", TRIGGER)).isEqualTo(base);
        assertThat(DecisionId.of("e2", "c", "u", TRIGGER)).isNotEqualTo(base);
        assertThat(DecisionId.of("e", "c2", "u", TRIGGER)).isNotEqualTo(base);
        assertThat(DecisionId.of("e", "c", "u2", TRIGGER)).isNotEqualTo(base);
        assertThat(DecisionId.of("e", "c", "u", UUID.randomUUID())).isNotEqualTo(base);
    }
}
