package io.kairos.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.kairos.domain.port.out.UserHashRange;
import io.kairos.domain.stats.SurvivalObservation;
import io.kairos.testsupport.TestPostgres;
import io.kairos.testsupport.TestServers;
import java.io.StringWriter;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The metrics of {@link ReportFixtureDatabase}'s hand-computed fixture; the attribution window is 7 d and the nightly
 * schedule's longest delivery delay 31 h, so the enrolment cut-off is T0 + 40 d − 7 d − 31 h = T0 + 31 d 17 h.
 */
class MetricsQueryIT {

    static final String KEY = ReportFixtureDatabase.KEY;
    static final Instant T0 = ReportFixtureDatabase.T0;
    static final Duration WINDOW = Duration.ofDays(7);
    static final String CUTOFF = "2026-12-02T17:00:00Z";

    static PGSimpleDataSource dataSource;
    static ReportFixtureDatabase fixture;
    static String r1, r2, b3, c1, c2;

    @BeforeAll
    static void fixture() throws SQLException {
        fixture = ReportFixtureDatabase.create("report");
        dataSource = fixture.dataSource();
        r1 = fixture.realtime().get(0);
        r2 = fixture.realtime().get(1);
        b3 = fixture.batch().get(2);
        c1 = fixture.control().get(0);
        c2 = fixture.control().get(1);
    }

    @Test
    void givenTheFixture_whenReadingMetrics_thenEveryArmMatchesTheHandComputedValues() {
        ExperimentMetrics metrics = new MetricsQuery(dataSource, ReportFixtureDatabase.NIGHTLY_DELAY).read(KEY, WINDOW);

        assertThat(metrics.observationEnd()).isEqualTo(T0.plus(Duration.ofDays(40)));
        assertThat(ExperimentReport.of(metrics).enrolmentCutoff())
                .isEqualTo(T0.plus(Duration.ofDays(31)).plus(Duration.ofHours(17)));
        assertThat(metrics.arms()).extracting(ArmMetrics::arm).containsExactly("control", "batch", "realtime");
        ArmMetrics control = metrics.arms().get(0);
        ArmMetrics batch = metrics.arms().get(1);
        ArmMetrics realtime = metrics.arms().get(2);

        assertThat(realtime.weight()).isEqualTo(45);
        assertThat(List.of(realtime.assignedUsers(), realtime.activeUsers())).containsExactly(3L, 3L);
        assertThat(List.of(realtime.triggeredUsers(), realtime.convertedUsers()))
                .containsExactly(2L, 2L);
        assertThat(List.of(realtime.delivered(), realtime.ghost(), realtime.suppressed()))
                .containsExactly(2L, 0L, 1L);
        assertThat(realtime.suppressedByGuard()).isEqualTo(Map.of("cooldown", 1L));
        assertThat(List.of(realtime.clickedMessages(), realtime.staleMessages()))
                .containsExactly(1L, 1L);
        assertThat(realtime.revenue()).isEqualTo(100.0);
        assertThat(realtime.orders()).isEqualTo(3);
        // per user 80, 20, 0: var = (46.67² + 13.33² + 33.33²) / 2; per order 50, 30, 20: var = 233.33
        assertThat(realtime.revenueVariance()).isCloseTo(5200.0 / 3, within(1e-9));
        assertThat(realtime.orderValueVariance()).isCloseTo(700.0 / 3, within(1e-9));
        assertThat(List.of(realtime.repeatEligibleUsers(), realtime.repeatUsers()))
                .containsExactly(2L, 1L);
        // delays 60 and 300 s; latencies 200, 400, 100 ms
        assertThat(realtime.reactionDelayP50Seconds()).hasValue(180.0);
        assertThat(realtime.reactionDelayP95Seconds().getAsDouble()).isCloseTo(288.0, within(1e-9));
        assertThat(realtime.latencyP50Millis().getAsDouble()).isCloseTo(200.0, within(1e-9));
        assertThat(realtime.latencyP95Millis().getAsDouble()).isCloseTo(380.0, within(1e-9));
        assertThat(realtime.latencyP99Millis().getAsDouble()).isCloseTo(396.0, within(1e-9));
        // first displays 90 and 400 s after the trigger (a later display and another message's do not count)
        assertThat(realtime.impressions().displayedMessages()).isEqualTo(2);
        assertThat(realtime.displayRate()).hasValue(1.0);
        assertThat(realtime.impressions().p50Seconds().getAsDouble()).isCloseTo(245.0, within(1e-9));
        assertThat(realtime.impressions().p95Seconds().getAsDouble()).isCloseTo(384.5, within(1e-9));
        assertThat(realtime.impressions().p99Seconds().getAsDouble()).isCloseTo(396.9, within(1e-9));
        assertThat(realtime.stalenessRate()).hasValue(0.5);
        assertThat(realtime.clickThroughRate()).hasValue(0.5);
        assertThat(realtime.deliveryRate().getAsDouble()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(realtime.conversionIntentionToTreat().getAsDouble()).isCloseTo(2.0 / 3, within(1e-12));

        // B2, first triggered at T0 + 39 d, is after the cut-off: not triggered, its decision not counted (with the
        // archive ending a day later, its batch message could not have worked in time, a real-time one could)
        assertThat(List.of(batch.assignedUsers(), batch.activeUsers(), batch.triggeredUsers(), batch.convertedUsers()))
                .containsExactly(3L, 3L, 1L, 1L);
        assertThat(List.of(batch.delivered(), batch.ghost(), batch.suppressed(), batch.clickedMessages()))
                .containsExactly(1L, 0L, 0L, 1L);
        assertThat(batch.staleMessages()).isZero();
        assertThat(batch.revenue()).isEqualTo(50.0);
        assertThat(batch.orders()).isEqualTo(2);
        assertThat(batch.revenueVariance()).isCloseTo(1300.0 / 3, within(1e-9));
        assertThat(batch.orderValueVariance()).isCloseTo(450.0, within(1e-9));
        assertThat(List.of(batch.repeatEligibleUsers(), batch.repeatUsers())).containsExactly(2L, 0L);
        assertThat(batch.reactionDelayP50Seconds().getAsDouble()).isCloseTo(82_800.0, within(1e-6));
        assertThat(batch.reactionDelayP95Seconds().getAsDouble()).isCloseTo(82_800.0, within(1e-6));
        assertThat(batch.impressions().displayedMessages()).isEqualTo(1);
        assertThat(batch.impressions().p99Seconds().getAsDouble()).isCloseTo(83_400.0, within(1e-6));
        assertThat(batch.latencyP50Millis())
                .as("batch decisions have no ingest time")
                .isEmpty();
        assertThat(batch.latencyP99Millis()).isEmpty();

        assertThat(List.of(control.assignedUsers(), control.activeUsers(), control.triggeredUsers()))
                .containsExactly(2L, 1L, 1L);
        assertThat(List.of(control.convertedUsers(), control.delivered(), control.ghost(), control.suppressed()))
                .containsExactly(0L, 0L, 1L, 0L);
        assertThat(control.revenue()).isEqualTo(25.0);
        assertThat(control.revenueVariance()).isCloseTo(312.5, within(1e-9));
        assertThat(control.orderValueVariance()).isZero();
        assertThat(List.of(control.repeatEligibleUsers(), control.repeatUsers()))
                .containsExactly(1L, 0L);
        assertThat(control.reactionDelayP50Seconds()).isEmpty();
        assertThat(control.latencyP95Millis()).hasValue(50.0);
        assertThat(control.clickThroughRate()).isEmpty();
        assertThat(control.impressions()).isEqualTo(Impressions.NONE);

        assertThat(metrics.timesToConversion().get("realtime"))
                .containsExactly(SurvivalObservation.converted(100.0 / 3600), SurvivalObservation.converted(4.0));
        assertThat(metrics.timesToConversion().get("batch")).containsExactly(SurvivalObservation.converted(47.0));
        assertThat(metrics.timesToConversion().get("control")).containsExactly(SurvivalObservation.censored(168.0));

        // conversions: R1 at T0+5h and R2 at T0+100 s (both 1 Nov), B1 at T0+2d (3 Nov)
        assertThat(metrics.conversionsPerDay().get("realtime"))
                .containsExactly(new DailyConversions(LocalDate.parse("2026-11-01"), 2));
        assertThat(metrics.conversionsPerDay().get("batch"))
                .containsExactly(new DailyConversions(LocalDate.parse("2026-11-03"), 1));
        assertThat(metrics.conversionsPerDay()).doesNotContainKey("control");
        // latencies 200 and 400 ms in [200, 500), 100 ms in [100, 200); control's own ghost 50 ms in [50, 100)
        assertThat(metrics.latencyHistograms().get("realtime"))
                .extracting(LatencyBucket::decisions)
                .containsExactly(0L, 0L, 0L, 0L, 1L, 2L, 0L, 0L, 0L, 0L, 0L, 0L, 0L);
        assertThat(metrics.latencyHistograms().get("realtime").get(5).fromMillis())
                .isEqualTo(200.0);
        assertThat(metrics.latencyHistograms().get("control").get(3).decisions())
                .isEqualTo(1);
        assertThat(metrics.latencyHistograms()).doesNotContainKey("batch");
    }

    @Test
    void givenDecisionsUnderTwoCampaignVersions_whenReadingMetrics_thenEachArmIsBrokenDownByVersionAndTotalsStay()
            throws SQLException {
        ReportFixtureDatabase versioned = ReportFixtureDatabase.create("report versions");
        try (var connection = versioned.dataSource().getConnection();
                var update = connection.prepareStatement(
                        "update decision set campaign_version = 1 where mode = 'realtime' and user_id in (?, ?)")) {
            update.setString(1, versioned.realtime().get(1));
            update.setString(2, versioned.realtime().get(2));
            assertThat(update.executeUpdate()).isEqualTo(2);
        }

        ExperimentMetrics metrics =
                new MetricsQuery(versioned.dataSource(), ReportFixtureDatabase.NIGHTLY_DELAY).read(KEY, WINDOW);

        // the own decisions: control's real-time ghost (C1), batch's B1 (B2 is after the cut-off), real time's R1 and
        // R2
        // delivered and R3 suppressed; R2 and R3 under version 1
        assertThat(metrics.campaignVersions())
                .containsExactly(
                        new CampaignVersionDecisions(
                                0, "batch", 1, 0, 0, 1, T0.plusSeconds(3600), T0.plusSeconds(3600)),
                        new CampaignVersionDecisions(
                                0, "control", 0, 1, 0, 0, T0.plusSeconds(3600), T0.plusSeconds(3600)),
                        new CampaignVersionDecisions(
                                0, "realtime", 1, 0, 0, 1, T0.plusSeconds(3600), T0.plusSeconds(3600)),
                        new CampaignVersionDecisions(
                                1, "realtime", 1, 0, 1, 0, T0.plusSeconds(7200), T0.plusSeconds(3 * 3600)));
        ArmMetrics realtime = metrics.arms().get(2);
        assertThat(List.of(realtime.delivered(), realtime.ghost(), realtime.suppressed(), realtime.clickedMessages()))
                .as("the arm's totals count every version once")
                .containsExactly(2L, 0L, 1L, 1L);
        assertThat(realtime.latencyP50Millis().getAsDouble()).isCloseTo(200.0, within(1e-9));
    }

    @Test
    void givenTheFixture_whenReadInSeveralSlicesOfUsers_thenTheMetricsAreThoseOfOneSlice() {
        List<String> users = new ArrayList<>();
        users.addAll(fixture.realtime());
        users.addAll(fixture.batch());
        users.addAll(fixture.control());
        List<UserHashRange> slices = UserHashRange.split(3);
        assertThat(slices)
                .as("the fixture's users fall in more than one slice, so the slices' totals are added up")
                .filteredOn(slice -> users.stream().anyMatch(slice::contains))
                .hasSizeGreaterThan(1);

        ExperimentMetrics whole =
                new MetricsQuery(dataSource, 1, ReportFixtureDatabase.NIGHTLY_DELAY).read(KEY, WINDOW);
        ExperimentMetrics sliced =
                new MetricsQuery(dataSource, 3, ReportFixtureDatabase.NIGHTLY_DELAY).read(KEY, WINDOW);

        assertThat(sliced).usingRecursiveComparison().isEqualTo(whole);
        assertThat(new MetricsQuery(dataSource, ReportFixtureDatabase.NIGHTLY_DELAY).read(KEY, WINDOW))
                .usingRecursiveComparison()
                .isEqualTo(whole);
    }

    @Test
    void givenNoSliceOrTooMany_whenBuildingTheQuery_thenItSaysWhatIsAllowed() {
        assertThatThrownBy(() -> new MetricsQuery(dataSource, 0, ReportFixtureDatabase.NIGHTLY_DELAY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("report slices must be between 1 and 1024, was 0");
        assertThatThrownBy(() -> new MetricsQuery(dataSource, 1025, ReportFixtureDatabase.NIGHTLY_DELAY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenTheFixture_whenExportingUserOutcomes_thenOneCsvRowPerAssignedUserInUserOrder() {
        StringWriter csv = new StringWriter();
        long rows = new UserOutcomeExport(dataSource, ReportFixtureDatabase.NIGHTLY_DELAY).write(KEY, WINDOW, csv);

        assertThat(rows).isEqualTo(8);
        List<String> lines = csv.toString().lines().toList();
        assertThat(lines.get(0))
                .isEqualTo("user_id,arm,active,triggered_at,converted_at,hours_to_conversion_or_censoring,"
                        + "converted,revenue,orders,enrolled,enrolment_cutoff,analysis");
        assertThat(lines.subList(1, lines.size()))
                .contains(
                        r1 + ",realtime,true,2026-11-01T01:00:00Z,2026-11-01T05:00:00Z,4.0,true,80,2,true," + CUTOFF
                                + ",no plan",
                        c1 + ",control,true,2026-11-01T01:00:00Z,,168.0,false,25,1,true," + CUTOFF + ",no plan",
                        c2 + ",control,false,,,,false,0,0,false," + CUTOFF + ",no plan",
                        b3 + ",batch,true,,,,false,10,1,false," + CUTOFF + ",no plan",
                        fixture.batch().get(1) + ",batch,true,2026-12-10T00:00:00Z,,,false,0,0,false," + CUTOFF
                                + ",no plan");
        assertThat(lines.subList(1, lines.size())).isSorted();
    }

    @Test
    void givenADatabaseWithoutTheSchema_whenReadingMetrics_thenItSaysHowToMigrate() {
        TestPostgres empty = TestServers.postgres().freshDatabase("report_no_schema");
        PGSimpleDataSource unmigrated = new PGSimpleDataSource();
        unmigrated.setUrl(empty.jdbcUrl());
        unmigrated.setUser(empty.username());
        unmigrated.setPassword(empty.password());

        assertThatThrownBy(() -> new MetricsQuery(unmigrated, ReportFixtureDatabase.NIGHTLY_DELAY).read(KEY, WINDOW))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the database has no Kairos schema, or an older one than this version")
                .hasMessageEndingWith("'kairos doctor' shows its migrations and 'kairos up' applies them");
    }

    @Test
    void givenAnUnknownKey_whenReadingMetrics_thenItSaysSo() {
        assertThatThrownBy(() -> new MetricsQuery(dataSource, ReportFixtureDatabase.NIGHTLY_DELAY).read("nope", WINDOW))
                .isInstanceOf(UnknownExperiment.class)
                .hasMessageContaining("nope");
    }
}
