package io.kairos.persistence.store;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jooq.DSLContext;

/**
 * What the nightly job's per-cut-off snapshot tables ({@code batch_profile}, {@code batch_pending_timer}, both keyed by
 * experiment, user and cut-off) share: pruning the snapshots no later read can need.
 */
final class CutoffSnapshots {

    private CutoffSnapshots() {}

    /**
     * Deletes, per user of the experiment, the snapshots older than the newest one at or before {@code boundary};
     * returns how many. Every answer of "newest snapshot at or before t" for t at or after the boundary stays the same.
     */
    static int pruneBefore(DSLContext db, String table, String experimentKey, Instant boundary) {
        String prune = "delete from " + table + " old where old.experiment_key = ? and old.cutoff < ?"
                + " and exists (select 1 from " + table + " newer where newer.experiment_key = old.experiment_key"
                + " and newer.user_id = old.user_id and newer.cutoff > old.cutoff and newer.cutoff <= ?)";
        OffsetDateTime at = OffsetDateTime.ofInstant(boundary, ZoneOffset.UTC);
        return db.connectionResult(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(prune)) {
                statement.setString(1, experimentKey);
                statement.setObject(2, at);
                statement.setObject(3, at);
                return statement.executeUpdate();
            }
        });
    }
}
