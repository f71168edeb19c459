package io.kairos.app.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kairos.app.KairosApplication;
import io.kairos.app.cli.ServeCommand;
import io.kairos.app.web.HeadlessChromium;
import io.kairos.domain.campaign.CampaignFile;
import io.kairos.domain.decision.Decision;
import io.kairos.domain.experiment.Experiment;
import io.kairos.domain.experiment.Mode;
import io.kairos.report.ExperimentMetrics;
import io.kairos.report.ExperimentReport;
import io.kairos.report.MetricsQuery;
import io.kairos.simulator.ArmOutcome;
import io.kairos.simulator.BatchSchedule;
import io.kairos.simulator.FastPathDriver;
import io.kairos.simulator.FastPathSettings;
import io.kairos.simulator.Reaction;
import io.kairos.simulator.SimulationParameters;
import io.kairos.simulator.SimulationProgress;
import io.kairos.simulator.SimulationResult;
import io.kairos.simulator.Simulator;
import io.kairos.testsupport.TestKafka;
import io.kairos.testsupport.TestPostgres;
import io.kairos.testsupport.TestServers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The simulator driving the real platform — Kafka, the real-time consumer, the archiver, the nightly Spring Batch job
 * and PostgreSQL — for a small, busy population over three days (two of enrolment, one of attribution), compared
 * with the in-process fast path on the same seed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FullPathIT {

    private static final Comparator<Decision> CANONICAL = Comparator.comparing(Decision::decidedAt)
            .thenComparing(Decision::userId)
            .thenComparing(Decision::campaignId)
            .thenComparing(Decision::id)
            .thenComparing(Decision::mode);

    private final SimulationParameters parameters = SimulationParameters.defaults().toBuilder()
            .users(400)
            .seed(11)
            .daytimeSessionsPerDay(0.8)
            .meanActionsPerSession(1)
            .addToCartRate(0.4)
            .enrolmentPeriod(Duration.ofDays(2))
            .attributionWindow(Duration.ofDays(1))
            .window(Duration.ofMinutes(30))
            .build();
    private final Experiment experiment = Experiment.batchVersusRealtime("fullpath", "fullpath-salt");
    private final BatchSchedule schedule = BatchSchedule.NIGHTLY.inZone(ZoneOffset.UTC);
    private final FullPathSettings settings = settings(experiment, "fullpath-");

    private ConfigurableApplicationContext context;
    private List<String> serverArguments;
    private SimulationResult full;
    private FullPathDriver driver;

    @BeforeAll
    void runOnThePlatform() {
        context = platform("full path", settings);
        driver = FullPathRun.open(context, settings, parameters.start(), parameters.end());
        try {
            full = new Simulator(parameters).run(driver);
        } finally {
            driver.close();
        }
    }

    @AfterAll
    void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void givenSameSeed_whenFastPathRuns_thenSameEventsAndSameDecisionsAsThePlatform() {
        SimulationResult fast;
        try (FastPathDriver inProcess = new FastPathDriver(
                CampaignFile.defaults(),
                experiment,
                new FastPathSettings(Duration.ofMinutes(1), schedule, EnumSet.allOf(Mode.class), ZoneOffset.UTC))) {
            fast = new Simulator(parameters).run(inProcess);
        }

        assertThat(full.decisions()).as("the platform decided something").hasSizeGreaterThan(20);
        assertThat(sorted(full.decisions())).isEqualTo(sorted(fast.decisions()));
        assertThat(full.events()).isEqualTo(fast.events());
        assertThat(full.arms()).isEqualTo(fast.arms());
    }

    @Test
    void givenPlatformRun_whenReactionsInspected_thenEachFollowsItsDelivery() {
        assertThat(full.reactions()).isNotEmpty();
        for (Reaction reaction : full.reactions()) {
            assertThat(reaction.event().occurredAt()).isAfter(reaction.deliveredAt());
        }
    }

    @Test
    void givenThreeSimulatedDays_whenRun_thenTheRealNightlyJobRanAtEachCutoffAndBothModesDelivered() {
        assertThat(driver.batchRuns()).hasSize(3);
        assertThat(full.decisions())
                .anyMatch(d -> d.mode() == Mode.BATCH && d.deliveredAt() != null)
                .anyMatch(d -> d.mode() == Mode.REALTIME && d.deliveredAt() != null)
                .anyMatch(Decision::ghost);
    }

    @Test
    void givenPlatformRun_whenReportRead_thenItsCountsAreThoseOfTheRecordedDecisions() {
        ExperimentMetrics metrics = context.getBean(MetricsQuery.class).read(experiment.key(), Duration.ofDays(1));

        Map<String, Long> delivered = new LinkedHashMap<>();
        for (ArmOutcome arm : full.arms()) {
            delivered.put(arm.arm(), arm.deliveredMessages());
        }
        Map<String, Long> reported = new LinkedHashMap<>();
        metrics.arms().forEach(arm -> reported.put(arm.arm(), arm.delivered()));
        assertThat(reported).isEqualTo(delivered);
        // the simulator's triggered and converted users are the report's: same definitions, same enrolment cut-off
        assertThat(metrics.arms())
                .extracting(arm -> arm.arm() + " " + arm.triggeredUsers() + " " + arm.convertedUsers())
                .containsExactlyElementsOf(full.arms().stream()
                        .map(arm -> arm.arm() + " " + arm.triggeredUsers() + " " + arm.convertedUsers())
                        .toList());
        assertThat(ExperimentReport.of(metrics).enrolmentCutoff()).isEqualTo(full.enrolmentCutoff());
    }

    @Test
    void givenPeriodAlreadySimulated_whenAnotherRunOpensOnTheSameDatabase_thenRefusedWithTheReason() {
        Experiment other = Experiment.batchVersusRealtime("fullpath-again", "s");
        FullPathSettings again = settings(other, "again-");

        assertThatThrownBy(() -> FullPathRun.open(context, again, parameters.start(), parameters.end()))
                .isInstanceOf(FullPathRun.PeriodInUse.class)
                .hasMessageContaining("already holds events between 2026-11-02T00:00:00Z");
    }

    @Test
    void givenTheRunsEventLog_whenReplayedThroughAFreshPlatform_thenTheSameDecisionsAreRecomputed() {
        FullPathSettings replaySettings = settings(experiment, "replay-");
        try (ConfigurableApplicationContext fresh = platform("replay", replaySettings)) {
            List<Decision> decisions;
            try (FullPathDriver replayDriver =
                    FullPathRun.open(fresh, replaySettings, parameters.start(), parameters.end())) {
                decisions = new Replay(parameters.window())
                        .run(
                                full.events(),
                                parameters.start(),
                                parameters.end(),
                                replayDriver,
                                SimulationProgress.NONE);
            }

            assertThat(sorted(decisions)).isEqualTo(sorted(full.decisions()));
        }
    }

    @Test
    void givenPlatformRun_whenChromiumLoadsItsDashboard_thenEveryChartIsDrawn(@TempDir Path browserDir)
            throws Exception {
        Path chromium = HeadlessChromium.find().orElse(null);
        assumeTrue(chromium != null, HeadlessChromium.MISSING);
        try (ConfigurableApplicationContext web = ServeCommand.start(0, serverArguments)) {
            String dom = HeadlessChromium.renderedDom(
                    chromium,
                    browserDir,
                    // the run's own attribution window: at the dashboard's default of 7 days the enrolment
                    // cut-off of a three-day run falls before its start, and nobody would be triggered
                    "http://localhost:" + ServeCommand.port(web) + "/experiments/" + experiment.key()
                            + "?attributionDays="
                            + parameters.attributionWindow().toDays());

            assertThat(dom).contains("id=\"report\" data-state=\"rendered\"");
            for (String chart : List.of("lift-chart", "km-chart", "daily-chart", "latency-chart")) {
                assertThat(HeadlessChromium.element(dom, chart)).as(chart).contains("data-state=\"rendered\"", "<svg");
            }
            assertThat(HeadlessChromium.element(dom, "km-chart")).contains("realtime", "batch");
        }
    }

    /** The run's settings: one minute of grace, the nightly schedule in UTC, a run id of its own. */
    private static FullPathSettings settings(Experiment experiment, String runPrefix) {
        return new FullPathSettings(
                experiment,
                runPrefix + System.nanoTime(),
                Duration.ofMinutes(1),
                BatchSchedule.NIGHTLY,
                ZoneOffset.UTC,
                Duration.ofSeconds(60));
    }

    private ConfigurableApplicationContext platform(String purpose, FullPathSettings settings) {
        TestPostgres postgres = TestServers.postgres().freshDatabase(purpose);
        TestKafka kafka = TestServers.kafka();
        List<String> servers = List.of(
                "--spring.datasource.url=" + postgres.jdbcUrl(),
                "--spring.datasource.username=" + postgres.username(),
                "--spring.datasource.password=" + postgres.password(),
                "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers());
        if (serverArguments == null) {
            serverArguments = servers;
        }
        List<String> arguments = new ArrayList<>(servers);
        arguments.add("--kairos.kafka.partitions=3");
        settings.springProperties().forEach((name, value) -> arguments.add("--" + name + "=" + value));
        return new SpringApplicationBuilder(KairosApplication.class)
                .web(WebApplicationType.NONE)
                .run(arguments.toArray(String[]::new));
    }

    private static List<Decision> sorted(List<Decision> decisions) {
        return decisions.stream().sorted(CANONICAL).toList();
    }
}
