package io.kairos.persistence.store;

import io.kairos.domain.port.out.BatchProfile;
import io.kairos.domain.port.out.BatchProfileStore;
import io.kairos.persistence.codec.UserStateJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jooq.DSLContext;

/** Batch profile snapshots in PostgreSQL ({@code batch_profile}), per experiment, user and cut-off. */
public final class PostgresBatchProfileStore implements BatchProfileStore {

    private static final String UPSERT = "insert into batch_profile (experiment_key, user_id, cutoff, state,"
            + " written_at) select p.experiment_key, p.user_id, p.cutoff::timestamptz, p.state, now()"
            + " from unnest(?::text[], ?::text[], ?::text[], ?::text[]) as p(experiment_key, user_id, cutoff, state)"
            + " on conflict on constraint batch_profile_pk do update set state = excluded.state,"
            + " written_at = excluded.written_at";
    private static final String COPY = "copy batch_profile (experiment_key, user_id, cutoff, state) from stdin";
    private static final String LATEST = "select distinct on (user_id) user_id, cutoff, state"
            + " from batch_profile where experiment_key = ? and user_id = any(?::text[]) and cutoff <= ?"
            + " order by user_id, cutoff desc";

    private final DSLContext db;

    /** A store reading and writing through {@code db}. */
    public PostgresBatchProfileStore(DSLContext db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /**
     * Saves through an optimistic COPY: a cut-off's snapshots are almost always new, so the rows go straight into the
     * table; when one is already there (a re-run, a restart) the COPY is undone and the upsert replaces them instead.
     */
    @Override
    public void saveAll(List<BatchProfile> profiles) {
        if (profiles.isEmpty()) {
            return;
        }
        CopyRows rows = new CopyRows(profiles.size() * 1_200);
        for (BatchProfile profile : latestPerKey(profiles)) {
            rows.text(profile.experimentKey())
                    .text(profile.userId())
                    .time(profile.cutoff())
                    .text(UserStateJson.write(profile.state()))
                    .endRow();
        }
        db.connection(connection -> rows.copyOrElse(connection, COPY, c -> upsert(c, profiles)));
    }

    @Override
    public Map<String, BatchProfile> latest(String experimentKey, Collection<String> userIds, Instant notAfter) {
        if (userIds.isEmpty()) {
            return Map.of();
        }
        return db.connectionResult(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(LATEST)) {
                statement.setString(1, experimentKey);
                statement.setArray(2, Rows.texts(connection, new ArrayList<>(userIds)));
                statement.setObject(3, OffsetDateTime.ofInstant(notAfter, ZoneOffset.UTC));
                Map<String, BatchProfile> found = new HashMap<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        found.put(
                                rows.getString(1),
                                new BatchProfile(
                                        experimentKey,
                                        rows.getObject(2, OffsetDateTime.class).toInstant(),
                                        UserStateJson.read(rows.getString(3))));
                    }
                }
                return found;
            }
        });
    }

    @Override
    public int pruneBefore(String experimentKey, Instant boundary) {
        return CutoffSnapshots.pruneBefore(db, "batch_profile", experimentKey, boundary);
    }

    /** The profiles with one per key: when a key appears twice the last profile wins. */
    private static Collection<BatchProfile> latestPerKey(Collection<BatchProfile> profiles) {
        Map<List<Object>, BatchProfile> latest = new LinkedHashMap<>();
        for (BatchProfile profile : profiles) {
            latest.put(List.of(profile.experimentKey(), profile.userId(), Rows.stored(profile.cutoff())), profile);
        }
        return latest.values();
    }

    /** Stores profiles in one statement; when a key appears twice the last profile wins. */
    static void upsert(Connection connection, Collection<BatchProfile> profiles) throws SQLException {
        if (profiles.isEmpty()) {
            return;
        }
        List<String> experiments = new ArrayList<>();
        List<String> users = new ArrayList<>();
        List<String> cutoffs = new ArrayList<>();
        List<String> states = new ArrayList<>();
        for (BatchProfile profile : latestPerKey(profiles)) {
            experiments.add(profile.experimentKey());
            users.add(profile.userId());
            cutoffs.add(Rows.text(profile.cutoff()));
            states.add(UserStateJson.write(profile.state()));
        }
        try (PreparedStatement statement = connection.prepareStatement(UPSERT)) {
            statement.setArray(1, Rows.texts(connection, experiments));
            statement.setArray(2, Rows.texts(connection, users));
            statement.setArray(3, Rows.texts(connection, cutoffs));
            statement.setArray(4, Rows.texts(connection, states));
            statement.executeUpdate();
        }
    }
}
