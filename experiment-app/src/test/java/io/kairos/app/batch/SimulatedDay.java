package io.kairos.app.batch;

import io.kairos.domain.decision.Decision;
import io.kairos.domain.event.UserEvent;
import io.kairos.domain.experiment.Experiment;
import io.kairos.simulator.SimulationDriver;
import io.kairos.simulator.SimulationParameters;
import io.kairos.simulator.Simulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One day of the simulator's population (the cart-abandonment defaults of docs/simulation.md: sessions of views, a
 * cart in one session in ten, most carts abandoned), as the nightly benchmark's archived day: the events the
 * platform would have archived on the first day of a simulated experiment, before any message went out.
 */
public final class SimulatedDay {

    private static final int PILOT_USERS = 10_000;

    private SimulatedDay() {}

    /**
     * About {@code events} events of {@code users} users in {@code [dayStart, dayStart + 1 day)}: a pilot run finds
     * the events per user of the default session rate, which is then scaled so that the day holds about that many.
     */
    public static List<UserEvent> events(int users, int events, Instant dayStart) {
        double pilotPerUser =
                (double) simulate(Math.min(users, PILOT_USERS), 1.0, dayStart).size() / Math.min(users, PILOT_USERS);
        return simulate(users, (double) events / users / pilotPerUser, dayStart);
    }

    private static List<UserEvent> simulate(int users, double sessionRate, Instant dayStart) {
        SimulationParameters parameters = SimulationParameters.defaults().toBuilder()
                .users(users)
                .start(dayStart)
                .enrolmentPeriod(Duration.ofDays(1))
                .window(Duration.ofHours(1))
                .attributionWindow(Duration.ofHours(1))
                .daytimeSessionsPerDay(sessionRate)
                .build();
        DayCapture capture = new DayCapture(dayStart.plus(Duration.ofDays(1)));
        new Simulator(parameters).run(capture);
        return capture.events;
    }

    /** A driver that keeps the day's events and delivers nothing: the first day, before any nightly run. */
    private static final class DayCapture implements SimulationDriver {

        private final Instant end;
        private final List<UserEvent> events = new ArrayList<>();

        DayCapture(Instant end) {
            this.end = end;
        }

        @Override
        public Experiment experiment() {
            return Experiment.batchVersusRealtime("bench", "salt-bench");
        }

        @Override
        public Duration longestDeliveryDelay() {
            return Duration.ofHours(31);
        }

        @Override
        public void begin(Instant start) {}

        @Override
        public void ingest(List<UserEvent> window) {
            for (UserEvent event : window) {
                if (event.occurredAt().isBefore(end)) {
                    events.add(event);
                }
            }
        }

        @Override
        public List<Decision> advanceTo(Instant watermark) {
            return List.of();
        }
    }
}
