package io.kairos.app.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.kairos.app.UnknownExperiment;
import io.kairos.domain.experiment.Experiment;
import io.kairos.domain.stats.SurvivalObservation;
import io.kairos.persistence.DatabaseSchema;
import io.kairos.testsupport.TestPostgres;
import io.kairos.testsupport.TestServers;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A hand-computed fixture of eight users (three realtime, three batch, two control) whose every metric is worked out
 * in the comments below; observation ends at T0 + 40 d (the latest event), the attribution window is 7 d.
 */
class MetricsQueryIT {

    static final String KEY = "report-exp";
    static final String SALT = "report-salt";
    static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    static final Duration WINDOW = Duration.ofDays(7);

    static PGSimpleDataSource dataSource;
    static String r1, r2, r3, b1, b2, b3, c1, c2;

    @BeforeAll
    static void fixture() throws SQLException {
        TestPostgres postgres = TestServers.postgres().freshDatabase("report");
        dataSource = new PGSimpleDataSource();
        dataSource.setUrl(postgres.jdbcUrl());
        dataSource.setUser(postgres.username());
        dataSource.setPassword(postgres.password());
        assertThat(DatabaseSchema.migrate(dataSource).success).isTrue();
        List<String> realtime = usersOf("realtime", 3);
        List<String> batch = usersOf("batch", 3);
        List<String> control = usersOf("control", 2);
        r1 = realtime.get(0);
        r2 = realtime.get(1);
        r3 = realtime.get(2);
        b1 = batch.get(0);
        b2 = batch.get(1);
        b3 = batch.get(2);
        c1 = control.get(0);
        c2 = control.get(1);
        try (Connection c = dataSource.getConnection()) {
            sql(c, "insert into experiment (experiment_key, salt) values (?, ?)", KEY, SALT);
            for (Object[] arm : new Object[][] {{"control", 10}, {"batch", 45}, {"realtime", 45}}) {
                sql(c, "insert into experiment_arm values (?, ?, ?)", KEY, arm[0], arm[1]);
            }
            // R1: trigger T0+1h, delivered +60 s (latency 200 ms), clicked, buys 50 at +5h (4 h) and 30 at +10 d.
            UUID d1 = UUID.randomUUID();
            event(c, r1, "page_view", T0, "{\"url\":\"/\"}");
            event(c, r1, "add_to_cart", T0.plusSeconds(3600), "{}");
            decision(c, d1, "realtime", r1, "realtime", "delivered", T0.plusSeconds(3600), 60, null, 200);
            decision(c, d1, "batch", r1, "realtime", "ghost", T0.plusSeconds(3600), -1, null, 9_999_999);
            event(c, r1, "message_clicked", T0.plusSeconds(7200), "{\"message_id\":\"" + d1 + "\"}");
            event(c, r1, "purchase", T0.plusSeconds(5 * 3600), "{\"revenue\":50}");
            event(c, r1, "purchase", T0.plus(Duration.ofDays(10)), "{\"revenue\":30}");
            // R2: trigger T0+2h, delivered +300 s (latency 400 ms) after buying 20 at +100 s: stale, converted.
            UUID d2 = UUID.randomUUID();
            event(c, r2, "add_to_cart", T0.plusSeconds(7200), "{}");
            decision(c, d2, "realtime", r2, "realtime", "delivered", T0.plusSeconds(7200), 300, null, 400);
            event(c, r2, "purchase", T0.plusSeconds(7300), "{\"revenue\":20}");
            // An unrelated click on another message does not count for d2.
            event(c, r2, "message_clicked", T0.plusSeconds(7600), "{\"message_id\":\"" + UUID.randomUUID() + "\"}");
            // R3: only a suppressed decision (cooldown, latency 100 ms): not triggered.
            event(c, r3, "page_view", T0.plusSeconds(3 * 3600), "{\"url\":\"/\"}");
            decision(
                    c,
                    UUID.randomUUID(),
                    "realtime",
                    r3,
                    "realtime",
                    "suppressed",
                    T0.plusSeconds(3 * 3600),
                    -1,
                    "cooldown",
                    100);
            // B1: trigger T0+1h, nightly delivery at T0+24h (23 h), recorded 5 h after the decision; clicked; buys 40
            // at T0+2d (47 h).
            UUID d3 = UUID.randomUUID();
            event(c, b1, "add_to_cart", T0.plusSeconds(3600), "{}");
            decision(c, d3, "batch", b1, "batch", "delivered", T0.plusSeconds(3600), 23 * 3600, null, 18_000_000);
            decision(c, d3, "realtime", b1, "batch", "ghost", T0.plusSeconds(3600), -1, null, 5);
            event(c, b1, "message_clicked", T0.plus(Duration.ofHours(25)), "{\"message_id\":\"" + d3 + "\"}");
            event(c, b1, "purchase", T0.plus(Duration.ofDays(2)), "{\"revenue\":40}");
            // B2: trigger T0+39d, delivered 6 h later (latency 1 s); the archive ends at T0+40d: censored at 24 h.
            event(c, b2, "add_to_cart", T0.plus(Duration.ofDays(39)), "{}");
            decision(
                    c,
                    UUID.randomUUID(),
                    "batch",
                    b2,
                    "batch",
                    "delivered",
                    T0.plus(Duration.ofDays(39)),
                    6 * 3600,
                    null,
                    1000);
            event(c, b2, "page_view", T0.plus(Duration.ofDays(40)), "{\"url\":\"/\"}");
            // B3: never triggered, buys 10 at T0+3d.
            event(c, b3, "purchase", T0.plus(Duration.ofDays(3)), "{\"revenue\":10}");
            // C1: ghost in both modes at T0+1h, buys 25 at T0+8d: outside the window, censored at 168 h.
            UUID d4 = UUID.randomUUID();
            event(c, c1, "add_to_cart", T0.plusSeconds(3600), "{}");
            decision(c, d4, "realtime", c1, "control", "ghost", T0.plusSeconds(3600), -1, null, 50);
            decision(c, d4, "batch", c1, "control", "ghost", T0.plusSeconds(3600), -1, null, 70);
            event(c, c1, "purchase", T0.plus(Duration.ofDays(8)), "{\"revenue\":25}");
            // C2: only a message event from elsewhere: assigned, not active.
            event(c, c2, "message_delivered", T0.plusSeconds(3600), "{\"message_id\":\"m\"}");
        }
    }

    @Test
    void givenTheFixture_whenReadingMetrics_thenEveryArmMatchesTheHandComputedValues() {
        ExperimentMetrics metrics = new MetricsQuery(dataSource).read(KEY, WINDOW);

        assertThat(metrics.observationEnd()).isEqualTo(T0.plus(Duration.ofDays(40)));
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
        assertThat(realtime.stalenessRate()).hasValue(0.5);
        assertThat(realtime.clickThroughRate()).hasValue(0.5);
        assertThat(realtime.deliveryRate().getAsDouble()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(realtime.conversionIntentionToTreat().getAsDouble()).isCloseTo(2.0 / 3, within(1e-12));

        assertThat(List.of(batch.assignedUsers(), batch.activeUsers(), batch.triggeredUsers(), batch.convertedUsers()))
                .containsExactly(3L, 3L, 2L, 1L);
        assertThat(List.of(batch.delivered(), batch.ghost(), batch.suppressed(), batch.clickedMessages()))
                .containsExactly(2L, 0L, 0L, 1L);
        assertThat(batch.staleMessages()).isZero();
        assertThat(batch.revenue()).isEqualTo(50.0);
        assertThat(batch.orders()).isEqualTo(2);
        assertThat(batch.revenueVariance()).isCloseTo(1300.0 / 3, within(1e-9));
        assertThat(batch.orderValueVariance()).isCloseTo(450.0, within(1e-9));
        assertThat(List.of(batch.repeatEligibleUsers(), batch.repeatUsers())).containsExactly(2L, 0L);
        assertThat(batch.reactionDelayP50Seconds().getAsDouble()).isCloseTo(52_200.0, within(1e-6));
        assertThat(batch.reactionDelayP95Seconds().getAsDouble()).isCloseTo(79_740.0, within(1e-6));
        assertThat(batch.latencyP50Millis().getAsDouble()).isCloseTo(9_000_500.0, within(1e-3));
        assertThat(batch.latencyP99Millis().getAsDouble()).isCloseTo(17_820_010.0, within(1e-3));

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

        assertThat(metrics.timesToConversion().get("realtime"))
                .containsExactly(SurvivalObservation.converted(100.0 / 3600), SurvivalObservation.converted(4.0));
        assertThat(metrics.timesToConversion().get("batch"))
                .containsExactly(SurvivalObservation.censored(24.0), SurvivalObservation.converted(47.0));
        assertThat(metrics.timesToConversion().get("control")).containsExactly(SurvivalObservation.censored(168.0));
    }

    @Test
    void givenTheFixture_whenExportingUserOutcomes_thenOneCsvRowPerAssignedUserInUserOrder() {
        StringWriter csv = new StringWriter();
        long rows = new UserOutcomeExport(dataSource).write(KEY, WINDOW, csv);

        assertThat(rows).isEqualTo(8);
        List<String> lines = csv.toString().lines().toList();
        assertThat(lines.get(0))
                .isEqualTo("user_id,arm,active,triggered_at,converted_at,hours_to_conversion_or_censoring,"
                        + "converted,revenue,orders");
        assertThat(lines.subList(1, lines.size()))
                .contains(
                        r1 + ",realtime,true,2026-11-01T01:00:00Z,2026-11-01T05:00:00Z,4.0,true,80,2",
                        c1 + ",control,true,2026-11-01T01:00:00Z,,168.0,false,25,1",
                        c2 + ",control,false,,,,false,0,0",
                        b3 + ",batch,true,,,,false,10,1");
        assertThat(lines.subList(1, lines.size())).isSorted();
    }

    @Test
    void givenAnUnknownKey_whenReadingMetrics_thenItSaysSo() {
        assertThatThrownBy(() -> new MetricsQuery(dataSource).read("nope", WINDOW))
                .isInstanceOf(UnknownExperiment.class)
                .hasMessageContaining("nope");
    }

    static List<String> usersOf(String arm, int count) {
        Experiment experiment = Experiment.batchVersusRealtime(KEY, SALT);
        List<String> users = new ArrayList<>();
        for (int i = 0; users.size() < count; i++) {
            String user = "user-" + i;
            if (experiment.assign(user).arm().name().equals(arm)) {
                users.add(user);
            }
        }
        return users;
    }

    static void event(Connection c, String user, String type, Instant at, String properties) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into user_event (occurred_at, event_id, user_id,"
                + " event_type, properties) values (?, ?, ?, ?, cast(? as jsonb))")) {
            s.setTimestamp(1, Timestamp.from(at));
            s.setObject(2, UUID.randomUUID());
            s.setString(3, user);
            s.setString(4, type);
            s.setString(5, properties);
            s.executeUpdate();
        }
    }

    /** A decision triggered and decided at {@code trigger}; delivered after {@code delaySeconds} unless negative. */
    static void decision(
            Connection c,
            UUID id,
            String mode,
            String user,
            String arm,
            String status,
            Instant trigger,
            long delaySeconds,
            String guard,
            long latencyMillis)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into decision (decision_id, mode, experiment_key,"
                + " campaign_id, user_id, arm, status, ghost, trigger_event_id, trigger_at, decided_at, delivered_at,"
                + " channel, payload, suppression_guard, suppression_reason, recorded_at)"
                + " values (?, ?, ?, 'cart', ?, ?, ?, ?, ?, ?, ?, ?, 'push', 'hi', ?, ?, ?)")) {
            s.setObject(1, id);
            s.setString(2, mode);
            s.setString(3, KEY);
            s.setString(4, user);
            s.setString(5, arm);
            s.setString(6, status);
            s.setBoolean(7, status.equals("ghost"));
            s.setObject(8, UUID.randomUUID());
            s.setTimestamp(9, Timestamp.from(trigger));
            s.setTimestamp(10, Timestamp.from(trigger));
            s.setTimestamp(11, delaySeconds < 0 ? null : Timestamp.from(trigger.plusSeconds(delaySeconds)));
            s.setString(12, guard);
            s.setString(13, guard == null ? null : "recently messaged");
            s.setTimestamp(14, Timestamp.from(trigger.plusMillis(latencyMillis)));
            s.executeUpdate();
        }
    }

    static void sql(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                s.setObject(i + 1, values[i]);
            }
            s.executeUpdate();
        }
    }
}
