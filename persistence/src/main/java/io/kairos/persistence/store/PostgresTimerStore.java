package io.kairos.persistence.store;

import static io.kairos.persistence.jooq.Tables.PENDING_TIMER;

import io.kairos.domain.decision.Timer;
import io.kairos.domain.port.out.TimerRef;
import io.kairos.domain.port.out.TimerStore;
import io.kairos.persistence.codec.EventJson;
import io.kairos.persistence.jooq.tables.records.PendingTimerRecord;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jooq.DSLContext;

/**
 * One experiment's pending timers in PostgreSQL ({@code pending_timer}), keyed by experiment, user and timer key,
 * indexed by due time within the experiment (migration V22).
 */
public final class PostgresTimerStore implements TimerStore {

    private static final String UPSERT = "insert into pending_timer (experiment_key, user_id, timer_key, campaign_id,"
            + " due_at, start_event) select ?::varchar, t.user_id, t.timer_key, t.campaign_id, t.due_at::timestamptz, t.start_event::jsonb"
            + " from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[])"
            + " as t(user_id, timer_key, campaign_id, due_at, start_event)"
            + " on conflict on constraint pending_timer_pk do update set campaign_id = excluded.campaign_id,"
            + " due_at = excluded.due_at, start_event = excluded.start_event";
    private static final String DELETE = "delete from pending_timer p using unnest(?::text[], ?::text[])"
            + " as t(user_id, timer_key) where p.experiment_key = ? and p.user_id = t.user_id"
            + " and p.timer_key = t.timer_key";

    private final DSLContext db;
    private final String experimentKey;

    /** The store of {@code experimentKey}'s pending timers, reading and writing through {@code db}. */
    public PostgresTimerStore(DSLContext db, String experimentKey) {
        this.db = Objects.requireNonNull(db, "db");
        this.experimentKey = Objects.requireNonNull(experimentKey, "experimentKey");
    }

    @Override
    public void schedule(Timer timer) {
        db.connection(connection -> upsert(connection, experimentKey, List.of(timer)));
    }

    @Override
    public void cancel(String userId, String key) {
        db.connection(connection -> delete(connection, experimentKey, List.of(new TimerRef(userId, key))));
    }

    @Override
    public List<Timer> pendingFor(String userId) {
        return db.selectFrom(PENDING_TIMER)
                .where(PENDING_TIMER.EXPERIMENT_KEY.eq(experimentKey))
                .and(PENDING_TIMER.USER_ID.eq(userId))
                .orderBy(PENDING_TIMER.DUE_AT, PENDING_TIMER.TIMER_KEY)
                .fetch(PostgresTimerStore::timer);
    }

    @Override
    public List<Timer> dueBefore(Instant limit) {
        return db.selectFrom(PENDING_TIMER)
                .where(PENDING_TIMER.EXPERIMENT_KEY.eq(experimentKey))
                .and(PENDING_TIMER.DUE_AT.lt(OffsetDateTime.ofInstant(limit, ZoneOffset.UTC)))
                .orderBy(PENDING_TIMER.DUE_AT, PENDING_TIMER.USER_ID, PENDING_TIMER.TIMER_KEY)
                .fetch(PostgresTimerStore::timer);
    }

    static Timer timer(PendingTimerRecord row) {
        return new Timer(
                row.getUserId(),
                row.getCampaignId(),
                row.getTimerKey(),
                row.getDueAt().toInstant(),
                EventJson.event(row.getStartEvent().data()));
    }

    /** Stores timers in one statement; when a user and key appear twice the last timer wins. */
    static void upsert(Connection connection, String experimentKey, Collection<Timer> timers) throws SQLException {
        BulkWrite write = upsertOf(connection, experimentKey, timers);
        if (write != null) {
            write.execute(connection);
        }
    }

    /** Removes timers in one statement. */
    static void delete(Connection connection, String experimentKey, Collection<TimerRef> timers) throws SQLException {
        BulkWrite write = deleteOf(connection, experimentKey, timers);
        if (write != null) {
            write.execute(connection);
        }
    }

    /** The upsert of {@code experimentKey}'s timers as one bulk write, or null if there are none. */
    static BulkWrite upsertOf(Connection connection, String experimentKey, Collection<Timer> timers)
            throws SQLException {
        if (timers.isEmpty()) {
            return null;
        }
        Map<TimerRef, Timer> latest = new LinkedHashMap<>();
        for (Timer timer : timers) {
            latest.put(new TimerRef(timer.userId(), timer.key()), timer);
        }
        List<String> users = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<String> campaigns = new ArrayList<>();
        List<String> dues = new ArrayList<>();
        List<String> events = new ArrayList<>();
        for (Timer timer : latest.values()) {
            users.add(timer.userId());
            keys.add(timer.key());
            campaigns.add(timer.campaignId());
            dues.add(Rows.text(timer.dueAt()));
            events.add(EventJson.event(timer.startEvent()));
        }
        return new BulkWrite(
                UPSERT,
                List.of(
                        experimentKey,
                        Rows.texts(connection, users),
                        Rows.texts(connection, keys),
                        Rows.texts(connection, campaigns),
                        Rows.texts(connection, dues),
                        Rows.texts(connection, events)));
    }

    /** The deletion of {@code experimentKey}'s timers as one bulk write, or null if there are none. */
    static BulkWrite deleteOf(Connection connection, String experimentKey, Collection<TimerRef> timers)
            throws SQLException {
        if (timers.isEmpty()) {
            return null;
        }
        List<String> users = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (TimerRef timer : timers) {
            users.add(timer.userId());
            keys.add(timer.key());
        }
        return new BulkWrite(
                DELETE, List.of(Rows.texts(connection, users), Rows.texts(connection, keys), experimentKey));
    }
}
