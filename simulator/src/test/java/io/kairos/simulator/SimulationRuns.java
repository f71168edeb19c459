package io.kairos.simulator;

import io.kairos.domain.campaign.CampaignFile;
import io.kairos.domain.experiment.Arm;
import io.kairos.domain.experiment.Experiment;
import io.kairos.domain.experiment.Mode;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Test fixtures: fast-path runs of the default campaigns, and a small, busy population for seed loops. */
final class SimulationRuns {

    static final Experiment EXPERIMENT = Experiment.batchVersusRealtime("sim-checkout", "sim-salt");

    private SimulationRuns() {}

    /**
     * A small population that triggers often per event generated (short sessions, many carts), observed for four
     * days of enrolment plus a three-day attribution window: long enough for a batch message (at most 31 hours after
     * its trigger under the 02:00 / 09:00 schedule) and its effect (mean two hours) to land inside the window.
     */
    static SimulationParameters busyPopulation(int users) {
        return SimulationParameters.defaults().toBuilder()
                .users(users)
                .daytimeSessionsPerDay(0.5)
                .meanActionsPerSession(1)
                .addToCartRate(0.4)
                .enrolmentPeriod(Duration.ofDays(4))
                .attributionWindow(Duration.ofDays(3))
                .build();
    }

    /** An experiment putting every user in one arm acting in {@code mode}: a paired run's half. */
    static Experiment only(String arm, Mode mode) {
        return new Experiment("sim-paired", "paired-salt", List.of(new Arm(arm, 100, Set.of(mode))));
    }

    static SimulationResult fastPath(SimulationParameters parameters) {
        return fastPath(parameters, EXPERIMENT, FastPathSettings.defaults(parameters.zone()));
    }

    static SimulationResult fastPath(
            SimulationParameters parameters, Experiment experiment, FastPathSettings settings) {
        try (FastPathDriver driver = new FastPathDriver(CampaignFile.defaults(), experiment, settings)) {
            return new Simulator(parameters).run(driver);
        }
    }
}
