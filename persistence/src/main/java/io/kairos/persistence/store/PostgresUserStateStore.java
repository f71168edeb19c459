package io.kairos.persistence.store;

import io.kairos.domain.port.out.UserStateStore;
import io.kairos.domain.state.UserState;
import io.kairos.persistence.codec.UserStateJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * Streaming user state in PostgreSQL ({@code user_state}): one experiment's JSON document per user, stored as text.
 * Each experiment streamed against the database folds the events into its own rows (migration V22).
 */
public final class PostgresUserStateStore implements UserStateStore {

    private static final String UPSERT = "insert into user_state (experiment_key, user_id, state, updated_at)"
            + " select ?::varchar, u.user_id, u.state, now() from unnest(?::text[], ?::text[]) as u(user_id, state)"
            + " on conflict on constraint user_state_pk do update set state = excluded.state,"
            + " updated_at = excluded.updated_at";

    private final DSLContext db;
    private final String experimentKey;

    /** The store of {@code experimentKey}'s streaming state, reading and writing through {@code db}. */
    public PostgresUserStateStore(DSLContext db, String experimentKey) {
        this.db = Objects.requireNonNull(db, "db");
        this.experimentKey = Objects.requireNonNull(experimentKey, "experimentKey");
    }

    @Override
    public Optional<UserState> load(String userId) {
        return db.connectionResult(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "select state::text from user_state where experiment_key = ? and user_id = ?")) {
                statement.setString(1, experimentKey);
                statement.setString(2, userId);
                try (ResultSet row = statement.executeQuery()) {
                    return row.next() ? Optional.of(UserStateJson.read(row.getString(1))) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void save(UserState state) {
        db.connection(connection -> upsert(connection, experimentKey, List.of(state)));
    }

    /** Stores many states in one statement; when a user appears twice the last state wins. */
    public void saveAll(Collection<UserState> states) {
        db.connection(connection -> upsert(connection, experimentKey, states));
    }

    /** The batched upsert: one multi-row statement, whatever the number of states. */
    static void upsert(Connection connection, String experimentKey, Collection<UserState> states) throws SQLException {
        BulkWrite write = upsertOf(connection, experimentKey, states);
        if (write != null) {
            write.execute(connection);
        }
    }

    /**
     * The upsert of {@code experimentKey}'s states as one bulk write (the last state of a user wins), or null if there
     * are none.
     */
    static BulkWrite upsertOf(Connection connection, String experimentKey, Collection<UserState> states)
            throws SQLException {
        if (states.isEmpty()) {
            return null;
        }
        Map<String, String> documents = new LinkedHashMap<>();
        for (UserState state : states) {
            documents.put(state.userId(), UserStateJson.write(state));
        }
        return new BulkWrite(
                UPSERT,
                List.of(
                        experimentKey,
                        Rows.texts(connection, new ArrayList<>(documents.keySet())),
                        Rows.texts(connection, new ArrayList<>(documents.values()))));
    }
}
