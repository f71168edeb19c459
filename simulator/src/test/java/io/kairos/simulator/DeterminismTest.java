package io.kairos.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.event.UserEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeterminismTest {

    private final SimulationParameters parameters = SimulationRuns.busyPopulation(300);

    @Test
    void givenSameSeed_whenRunTwice_thenIdenticalEventLogAndDecisions() {
        SimulationResult first = SimulationRuns.fastPath(parameters);
        SimulationResult second = SimulationRuns.fastPath(parameters);

        assertThat(first.events()).isNotEmpty();
        assertThat(first.decisions()).isNotEmpty();
        assertThat(second.digest()).isEqualTo(first.digest());
        assertThat(second.events()).isEqualTo(first.events());
        assertThat(second.decisions()).isEqualTo(first.decisions());
        assertThat(second.arms()).isEqualTo(first.arms());
    }

    @Test
    void givenAnotherSeed_whenRun_thenADifferentLog() {
        SimulationResult first = SimulationRuns.fastPath(parameters);
        SimulationResult other = SimulationRuns.fastPath(parameters.withSeed(parameters.seed() + 1));

        assertThat(other.digest()).isNotEqualTo(first.digest());
    }

    @Test
    void givenLargerPopulation_whenRun_thenTheFirstUsersBehaveExactlyAsBefore() {
        // Per-user streams: a user's events depend on the seed, their own draws and their own decisions only, not on
        // how many other users there are nor on the order in which users are stepped.
        SimulationResult small = SimulationRuns.fastPath(parameters);
        SimulationResult large = SimulationRuns.fastPath(parameters.withUsers(600));

        List<UserEvent> smallUsersInLarge = large.events().stream()
                .filter(e -> e.userId().compareTo(String.format("u%07d", parameters.users())) < 0)
                .toList();
        assertThat(smallUsersInLarge).isEqualTo(small.events());
    }
}
