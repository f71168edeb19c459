package io.kairos.persistence.store;

import io.kairos.domain.decision.Timer;
import io.kairos.domain.port.out.PendingTimerSnapshots;
import io.kairos.persistence.codec.EventJson;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jooq.DSLContext;

/**
 * The nightly job's pending-timer snapshots in PostgreSQL ({@code batch_pending_timer}, migration V3.1), one row per
 * experiment, user and cut-off; each timer's start event as JSON.
 */
public final class PostgresPendingTimerSnapshots implements PendingTimerSnapshots {

    private static final String UPSERT = "insert into batch_pending_timer (experiment_key, user_id, cutoff,"
            + " next_due_at, timer_keys, campaign_ids, due_ats, start_events) values (?, ?, ?, ?, ?, ?, ?, ?)"
            + " on conflict on constraint batch_pending_timer_pk do update set next_due_at = excluded.next_due_at,"
            + " timer_keys = excluded.timer_keys, campaign_ids = excluded.campaign_ids, due_ats = excluded.due_ats,"
            + " start_events = excluded.start_events, written_at = now()";
    private static final String LATEST = "select distinct on (user_id) user_id, timer_keys, campaign_ids,"
            + " due_ats, start_events from batch_pending_timer where experiment_key = ? and user_id = any(?)"
            + " and cutoff <= ? order by user_id, cutoff desc";
    private static final String USERS_WITH_TIMERS_DUE = "select user_id from (select distinct on (user_id) user_id,"
            + " cutoff, next_due_at from batch_pending_timer where experiment_key = ? and cutoff <= ?"
            + " order by user_id, cutoff desc) latest where cutoff < ? and next_due_at < ? order by user_id";

    private final DSLContext db;

    /** Snapshots read and written through {@code db} (in the caller's transaction when there is one). */
    public PostgresPendingTimerSnapshots(DSLContext db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public void saveAll(String experimentKey, Instant cutoff, Map<String, List<Timer>> timersByUser) {
        if (timersByUser.isEmpty()) {
            return;
        }
        db.connection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(UPSERT)) {
                for (Map.Entry<String, List<Timer>> user : timersByUser.entrySet()) {
                    List<String> keys = new ArrayList<>();
                    List<String> campaigns = new ArrayList<>();
                    List<String> dues = new ArrayList<>();
                    List<String> starts = new ArrayList<>();
                    Instant next = null;
                    for (Timer timer : user.getValue()) {
                        keys.add(timer.key());
                        campaigns.add(timer.campaignId());
                        dues.add(timer.dueAt().toString());
                        starts.add(EventJson.event(timer.startEvent()));
                        next = next == null || timer.dueAt().isBefore(next) ? timer.dueAt() : next;
                    }
                    statement.setString(1, experimentKey);
                    statement.setString(2, user.getKey());
                    statement.setObject(3, at(cutoff));
                    if (next == null) {
                        statement.setNull(4, Types.TIMESTAMP_WITH_TIMEZONE);
                    } else {
                        statement.setObject(4, at(next));
                    }
                    statement.setArray(5, Rows.texts(connection, keys));
                    statement.setArray(6, Rows.texts(connection, campaigns));
                    statement.setArray(7, Rows.texts(connection, dues));
                    statement.setArray(8, Rows.texts(connection, starts));
                    statement.addBatch();
                }
                statement.executeBatch();
            }
        });
    }

    @Override
    public Map<String, List<Timer>> latest(String experimentKey, Collection<String> userIds, Instant notAfter) {
        if (userIds.isEmpty()) {
            return Map.of();
        }
        return db.connectionResult(connection -> {
            Map<String, List<Timer>> found = new HashMap<>();
            try (PreparedStatement statement = connection.prepareStatement(LATEST)) {
                statement.setString(1, experimentKey);
                statement.setArray(2, Rows.texts(connection, userIds));
                statement.setObject(3, at(notAfter));
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        String user = row.getString(1);
                        String[] keys = strings(row.getArray(2));
                        String[] campaigns = strings(row.getArray(3));
                        String[] dues = strings(row.getArray(4));
                        String[] starts = strings(row.getArray(5));
                        List<Timer> timers = new ArrayList<>(keys.length);
                        for (int i = 0; i < keys.length; i++) {
                            timers.add(new Timer(
                                    user, campaigns[i], keys[i], Instant.parse(dues[i]), EventJson.event(starts[i])));
                        }
                        found.put(user, timers);
                    }
                }
            }
            return found;
        });
    }

    @Override
    public List<String> usersWithTimersDue(String experimentKey, Instant cutoff) {
        return db.connectionResult(connection -> {
            List<String> users = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(USERS_WITH_TIMERS_DUE)) {
                statement.setString(1, experimentKey);
                for (int i = 2; i <= 4; i++) {
                    statement.setObject(i, at(cutoff));
                }
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        users.add(row.getString(1));
                    }
                }
            }
            return users;
        });
    }

    @Override
    public int pruneBefore(String experimentKey, Instant boundary) {
        return CutoffSnapshots.pruneBefore(db, "batch_pending_timer", experimentKey, boundary);
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static String[] strings(Array array) throws SQLException {
        return (String[]) array.getArray();
    }
}
