package io.kairos.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.experiment.Experiment;
import io.kairos.persistence.DatabaseSchema;
import io.kairos.testsupport.TestPostgres;
import io.kairos.testsupport.TestServers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fresh database holding a hand-computed fixture of eight users (three realtime, three batch, two control) whose
 * every metric is worked out in the comments below and checked by {@code MetricsQueryIT}; observation ends at
 * T0 + 40 d (the latest event). Real-time decisions are ingested at their trigger time, so their processing latency
 * is the given one; batch decisions have no ingest time.
 *
 * @param postgres the database's server and credentials
 * @param dataSource a data source on it
 * @param realtime the realtime arm's users r1, r2, r3
 * @param batch the batch arm's users b1, b2, b3
 * @param control the control arm's users c1, c2
 */
public record ReportFixtureDatabase(
        TestPostgres postgres,
        PGSimpleDataSource dataSource,
        List<String> realtime,
        List<String> batch,
        List<String> control) {

    /** The experiment's key. */
    public static final String KEY = "report-exp";

    static final String SALT = "report-salt";
    static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    /** The longest delivery delay of the nightly schedule 02:00 / 09:00 UTC: a day and seven hours. */
    public static final Duration NIGHTLY_DELAY = Duration.ofHours(31);

    /** Creates a fresh database called {@code name}, migrates it and writes the fixture. */
    public static ReportFixtureDatabase create(String name) throws SQLException {
        TestPostgres postgres = TestServers.postgres().freshDatabase(name);
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(postgres.jdbcUrl());
        dataSource.setUser(postgres.username());
        dataSource.setPassword(postgres.password());
        assertThat(DatabaseSchema.migrate(dataSource).success).isTrue();
        List<String> realtime = usersOf("realtime", 3);
        List<String> batch = usersOf("batch", 3);
        List<String> control = usersOf("control", 2);
        String r1 = realtime.get(0);
        String r2 = realtime.get(1);
        String r3 = realtime.get(2);
        String b1 = batch.get(0);
        String b2 = batch.get(1);
        String b3 = batch.get(2);
        String c1 = control.get(0);
        String c2 = control.get(1);
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
            // displayed 90 s after the trigger (30 s after delivery), displayed again later: the first one counts
            event(c, r1, "message_opened", T0.plusSeconds(3690), "{\"message_id\":\"" + d1 + "\"}");
            event(c, r1, "message_opened", T0.plusSeconds(7000), "{\"message_id\":\"" + d1 + "\"}");
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
            // displayed 400 s after the trigger; a display of another message does not count for d2
            event(c, r2, "message_opened", T0.plusSeconds(7600), "{\"message_id\":\"" + d2 + "\"}");
            event(c, r2, "message_opened", T0.plusSeconds(7250), "{\"message_id\":\"" + UUID.randomUUID() + "\"}");
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
            // displayed 10 minutes after the nightly delivery: 23 h 10 min after the trigger
            event(
                    c,
                    b1,
                    "message_opened",
                    T0.plus(Duration.ofHours(24)).plusSeconds(600),
                    "{\"message_id\":\"" + d3 + "\"}");
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
        return new ReportFixtureDatabase(
                postgres, dataSource, List.of(r1, r2, r3), List.of(b1, b2, b3), List.of(c1, c2));
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

    /**
     * A decision triggered and decided at {@code trigger}; delivered after {@code delaySeconds} unless negative;
     * recorded {@code latencyMillis} after the trigger, and ingested at the trigger when real-time.
     */
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
                + " channel, payload, suppression_guard, suppression_reason, recorded_at,"
                + " ingested_at) values (?, ?, ?, 'cart', ?, ?, ?, ?, ?, ?, ?, ?, 'push', 'hi', ?, ?, ?, ?)")) {
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
            s.setTimestamp(15, mode.equals("realtime") ? Timestamp.from(trigger) : null);
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
