package io.kairos.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The soak variant of {@link StreamFaultsIT}: its scenarios in turn, again and again, for {@code kairos.soak.minutes}
 * minutes (default 30), each checked against the uninterrupted run. Not an {@code *IT}, so {@code mvn verify} leaves
 * it out; run it with
 * {@code mvn -B verify -pl experiment-app -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dfailsafe.failIfNoSpecifiedTests=false -Dit.test=FaultSoak -Dkairos.soak.minutes=30} (one round takes about
 * 3.5 minutes on a 2-core machine; a round always completes).
 */
class FaultSoak {

    private static final Logger log = LoggerFactory.getLogger(FaultSoak.class);

    interface Scenario {
        void run(StreamFaultsIT suite) throws Exception;
    }

    @Test
    void givenTheFaultScenariosInALoop_whenRunForTheSoakTime_thenEveryRoundLeavesTheUninterruptedOutcome()
            throws Exception {
        Duration soak = Duration.ofMinutes(Long.getLong("kairos.soak.minutes", 30));
        Map<String, Scenario> scenarios = new LinkedHashMap<>();
        scenarios.put(
                "kill mid-batch",
                StreamFaultsIT
                        ::givenSteadyLoad_whenTheStreamIsKilledWithBatchesInFlight_thenTheRestartedStreamLeavesTheSameOutcome);
        scenarios.put(
                "kill after commit",
                StreamFaultsIT
                        ::givenSteadyLoad_whenTheStreamIsKilledRightAfterItsCommits_thenTheRestartedStreamLeavesTheSameOutcome);
        scenarios.put(
                "PostgreSQL resets",
                StreamFaultsIT
                        ::givenLatencyAndConnectionResetsToPostgres_whenTheStreamRuns_thenItRetriesAndLeavesTheSameOutcome);
        scenarios.put(
                "zombie process",
                StreamFaultsIT
                        ::givenTwoStreamProcesses_whenOneIsFrozenPastItsSessionAndResumes_thenItsLateWorkIsFencedAndTheOutcomeIsTheSame);
        scenarios.put(
                "PostgreSQL outage",
                StreamFaultsIT
                        ::givenSteadyLoad_whenPostgresStopsForSixtySeconds_thenTheStreamRidesThroughAndLeavesTheSameOutcome);
        StreamFaultsIT.runUninterrupted();
        StreamFaultsIT suite = new StreamFaultsIT();
        long end = System.nanoTime() + soak.toNanos();
        int rounds = 0;
        while (System.nanoTime() < end) {
            rounds++;
            for (Map.Entry<String, Scenario> scenario : scenarios.entrySet()) {
                log.info("Soak round {}: {}", rounds, scenario.getKey());
                scenario.getValue().run(suite);
            }
        }
        log.info("Soak: {} rounds of {} in {}", rounds, List.copyOf(scenarios.keySet()), soak);
        assertThat(rounds).isPositive();
    }
}
