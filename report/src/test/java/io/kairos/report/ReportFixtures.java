package io.kairos.report;

import io.kairos.domain.experiment.EnrolmentCutoff;
import io.kairos.domain.stats.SurvivalObservation;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** Hand-made metrics for the unit tests: the conversion counts of docs/statistics.md's R example (130/1000, 100/1000). */
final class ReportFixtures {

    private ReportFixtures() {}

    static ArmMetrics arm(String name, int weight, long assigned, long triggered, long converted, double revenue) {
        return new ArmMetrics(
                name,
                weight,
                assigned,
                assigned - 10,
                triggered,
                converted,
                name.equals("control") ? 0 : 900,
                name.equals("control") ? 950 : 0,
                50,
                Map.of("cooldown", 30L, "quiet_hours", 20L),
                name.equals("control") ? 0 : 90,
                name.equals("batch") ? 45 : 0,
                revenue,
                4.0,
                converted,
                9.0,
                100,
                25,
                name.equals("control") ? OptionalDouble.empty() : OptionalDouble.of(60.0),
                name.equals("control") ? OptionalDouble.empty() : OptionalDouble.of(300.0),
                OptionalDouble.of(12.0),
                OptionalDouble.of(40.0),
                OptionalDouble.of(95.5),
                name.equals("control")
                        ? Impressions.NONE
                        : new Impressions(
                                600, OptionalDouble.of(1.5), OptionalDouble.of(30.0), OptionalDouble.of(120.0)));
    }

    static ExperimentMetrics documentedConversions() {
        return new ExperimentMetrics(
                "checkout-2026",
                Instant.parse("2026-11-28T00:00:00Z"),
                new EnrolmentCutoff(Duration.ofDays(7), ReportFixtureDatabase.NIGHTLY_DELAY),
                List.of(
                        arm("control", 10, 1000, 220, 20, 1000.0),
                        arm("batch", 45, 4500, 1000, 100, 4500.0),
                        arm("realtime", 45, 4500, 1000, 130, 5400.0)),
                Map.of(
                        "control",
                        List.of(SurvivalObservation.censored(168.0), SurvivalObservation.converted(50.0)),
                        "batch",
                        List.of(
                                SurvivalObservation.converted(2.0),
                                SurvivalObservation.censored(4.0),
                                SurvivalObservation.censored(4.0)),
                        "realtime",
                        List.of(
                                SurvivalObservation.converted(1.0),
                                SurvivalObservation.converted(2.0),
                                SurvivalObservation.censored(3.0))),
                Map.of(
                        "control",
                        List.of(new DailyConversions(LocalDate.parse("2026-11-20"), 1)),
                        "batch",
                        List.of(new DailyConversions(LocalDate.parse("2026-11-21"), 1)),
                        "realtime",
                        List.of(
                                new DailyConversions(LocalDate.parse("2026-11-20"), 1),
                                new DailyConversions(LocalDate.parse("2026-11-21"), 1))),
                Map.of("realtime", LatencyBucket.of(new long[] {0, 3, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1})),
                List.of(
                        new CampaignVersionDecisions(
                                0, "batch", 300, 0, 20, 30, at("2026-11-01T08:00:00Z"), at("2026-11-10T23:30:00Z")),
                        new CampaignVersionDecisions(
                                0, "realtime", 310, 0, 25, 40, at("2026-11-01T00:30:00Z"), at("2026-11-10T23:59:00Z")),
                        new CampaignVersionDecisions(
                                1, "batch", 500, 0, 40, 45, at("2026-11-11T08:00:00Z"), at("2026-11-20T08:00:00Z")),
                        new CampaignVersionDecisions(
                                1,
                                "realtime",
                                520,
                                0,
                                45,
                                70,
                                at("2026-11-11T00:00:00Z"),
                                at("2026-11-20T23:00:00Z"))));
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }
}
