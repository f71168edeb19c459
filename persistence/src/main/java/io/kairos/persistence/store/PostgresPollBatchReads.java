package io.kairos.persistence.store;

import static io.kairos.persistence.jooq.Tables.PENDING_TIMER;
import static io.kairos.persistence.jooq.Tables.USER_STATE;

import io.kairos.domain.decision.Timer;
import io.kairos.domain.port.out.PollBatchReads;
import io.kairos.domain.state.UserState;
import io.kairos.persistence.codec.UserStateJson;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jooq.DSLContext;

/**
 * A poll batch's reads in PostgreSQL for one experiment: one query for the users' states, one for their pending
 * timers.
 */
public final class PostgresPollBatchReads implements PollBatchReads {

    private final DSLContext db;
    private final String experimentKey;

    /** Reads {@code experimentKey}'s rows through {@code db}. */
    public PostgresPollBatchReads(DSLContext db, String experimentKey) {
        this.db = Objects.requireNonNull(db, "db");
        this.experimentKey = Objects.requireNonNull(experimentKey, "experimentKey");
    }

    @Override
    public Map<String, UserState> states(Collection<String> userIds) {
        Map<String, UserState> found = new HashMap<>();
        if (userIds.isEmpty()) {
            return found;
        }
        db.select(USER_STATE.USER_ID, USER_STATE.STATE)
                .from(USER_STATE)
                .where(USER_STATE.EXPERIMENT_KEY.eq(experimentKey))
                .and(USER_STATE.USER_ID.in(userIds))
                .forEach(row -> found.put(row.value1(), UserStateJson.read(row.value2())));
        return found;
    }

    @Override
    public Map<String, List<Timer>> pendingTimers(Collection<String> userIds) {
        Map<String, List<Timer>> found = new HashMap<>();
        if (userIds.isEmpty()) {
            return found;
        }
        db.selectFrom(PENDING_TIMER)
                .where(PENDING_TIMER.EXPERIMENT_KEY.eq(experimentKey))
                .and(PENDING_TIMER.USER_ID.in(userIds))
                .orderBy(PENDING_TIMER.USER_ID, PENDING_TIMER.DUE_AT, PENDING_TIMER.TIMER_KEY)
                .forEach(row -> found.computeIfAbsent(row.getUserId(), u -> new ArrayList<>())
                        .add(PostgresTimerStore.timer(row)));
        return found;
    }
}
