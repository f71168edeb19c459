package io.kairos.persistence.store;

import static io.kairos.persistence.jooq.Tables.DECISION;

import io.kairos.domain.decision.Decision;
import io.kairos.domain.decision.Suppression;
import io.kairos.domain.event.Channel;
import io.kairos.domain.experiment.Mode;
import io.kairos.domain.port.out.DecisionStore;
import io.kairos.persistence.jooq.tables.records.DecisionRecord;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;

/** Decisions in PostgreSQL ({@code decision}), keyed by deterministic id and mode, inserted idempotently. */
public final class PostgresDecisionStore implements DecisionStore {

    private static final String INSERT = "insert into decision (decision_id, mode, experiment_key, campaign_id,"
            + " user_id, arm, status, ghost, trigger_event_id, trigger_at, decided_at, planned_delivery_at,"
            + " delivered_at, held_until, channel, payload, offer, suppression_guard, suppression_reason, ingested_at,"
            + " campaign_version)"
            + " select d.decision_id, d.mode, d.experiment_key, d.campaign_id, d.user_id, d.arm, d.status, d.ghost,"
            + " d.trigger_event_id, d.trigger_at::timestamptz, d.decided_at::timestamptz,"
            + " d.planned_delivery_at::timestamptz, d.delivered_at::timestamptz, d.held_until::timestamptz,"
            + " d.channel, d.payload, d.offer, d.suppression_guard, d.suppression_reason,"
            + " d.ingested_at::timestamptz, d.campaign_version"
            + " from unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bool[],"
            + " ?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],"
            + " ?::text[], ?::text[], ?::text[], ?::int[]) as d(decision_id, mode, experiment_key, campaign_id, user_id, arm, status, ghost,"
            + " trigger_event_id, trigger_at, decided_at, planned_delivery_at, delivered_at, held_until, channel,"
            + " payload, offer, suppression_guard, suppression_reason, ingested_at, campaign_version)"
            + " on conflict on constraint decision_pk do nothing";
    private static final String COPY = "copy decision (decision_id, mode, experiment_key, campaign_id, user_id, arm,"
            + " status, ghost, trigger_event_id, trigger_at, decided_at, planned_delivery_at, delivered_at, held_until,"
            + " channel, payload, offer, suppression_guard, suppression_reason, campaign_version) from stdin";

    private final DSLContext db;

    /** A store reading and writing through {@code db}. */
    public PostgresDecisionStore(DSLContext db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /**
     * Records decisions through an optimistic COPY: decisions are almost always new, so the rows go straight into the
     * table; when one is already there (a re-run, a restart) the COPY is undone and the rows are inserted with {@code
     * ON CONFLICT DO NOTHING} instead.
     */
    @Override
    public void record(List<Decision> decisions) {
        if (decisions.isEmpty()) {
            return;
        }
        CopyRows rows = new CopyRows(decisions.size() * 400);
        for (Decision d : decisions) {
            rows.uuid(d.id())
                    .text(wireName(d.mode()))
                    .text(d.experimentKey())
                    .text(d.campaignId())
                    .text(d.userId())
                    .text(d.arm())
                    .text(d.status().name().toLowerCase(Locale.ROOT))
                    .bool(d.ghost())
                    .uuid(d.triggerEventId())
                    .time(d.triggerAt())
                    .time(d.decidedAt())
                    .time(d.plannedDeliveryAt())
                    .time(d.deliveredAt())
                    .time(d.heldUntil())
                    .text(d.channel().wireName())
                    .text(d.payload())
                    .text(d.offer())
                    .text(d.suppression() == null ? null : d.suppression().guard())
                    .text(d.suppression() == null ? null : d.suppression().reason())
                    .text(Integer.toString(d.campaignVersion()))
                    .endRow();
        }
        db.connection(connection -> rows.copyOrElse(connection, COPY, c -> insert(c, decisions)));
    }

    @Override
    public Optional<Decision> find(UUID id, Mode mode) {
        return db.selectFrom(DECISION)
                .where(DECISION.DECISION_ID.eq(id))
                .and(DECISION.MODE.eq(wireName(mode)))
                .fetchOptional(PostgresDecisionStore::decision);
    }

    @Override
    public List<Decision> deliveredBetween(String experimentKey, Instant from, Instant until) {
        return db.selectFrom(DECISION)
                .where(DECISION.EXPERIMENT_KEY.eq(experimentKey))
                .and(DECISION.DELIVERED_AT.ge(OffsetDateTime.ofInstant(from, ZoneOffset.UTC)))
                .and(DECISION.DELIVERED_AT.lt(OffsetDateTime.ofInstant(until, ZoneOffset.UTC)))
                .orderBy(DECISION.DELIVERED_AT, DECISION.DECISION_ID)
                .fetch(PostgresDecisionStore::decision);
    }

    /**
     * The experiment's decisions recorded at or after {@code since} (database clock; {@code recorded_at} is the
     * recording transaction's start), in no particular order. A reader that knows no recording transaction is open
     * when it reads (the simulator, between windows) gets every decision exactly once by reading from its previous
     * read's clock and skipping the ids it has seen.
     */
    public List<Decision> recordedSince(String experimentKey, Instant since) {
        return db.selectFrom(DECISION)
                .where(DECISION.EXPERIMENT_KEY.eq(experimentKey))
                .and(DECISION.RECORDED_AT.ge(OffsetDateTime.ofInstant(since, ZoneOffset.UTC)))
                .fetch(PostgresDecisionStore::decision);
    }

    /** Records decisions in one statement; those already recorded (same id and mode) are skipped. */
    static void insert(Connection connection, Collection<Decision> decisions) throws SQLException {
        BulkWrite write = insertOf(connection, decisions, Map.of());
        if (write != null) {
            write.execute(connection);
        }
    }

    /**
     * The insertion of these decisions as one bulk write, or null if there are none; {@code ingestTimes} gives the
     * wall-clock ingest time of those that have one, by decision id.
     */
    static BulkWrite insertOf(Connection connection, Collection<Decision> decisions, Map<UUID, Instant> ingestTimes)
            throws SQLException {
        if (decisions.isEmpty()) {
            return null;
        }
        int n = decisions.size();
        List<UUID> ids = new ArrayList<>(n);
        List<String> modes = new ArrayList<>(n);
        List<String> experiments = new ArrayList<>(n);
        List<String> campaigns = new ArrayList<>(n);
        List<String> users = new ArrayList<>(n);
        List<String> arms = new ArrayList<>(n);
        List<String> statuses = new ArrayList<>(n);
        List<Boolean> ghosts = new ArrayList<>(n);
        List<UUID> triggers = new ArrayList<>(n);
        List<String> triggerTimes = new ArrayList<>(n);
        List<String> decidedTimes = new ArrayList<>(n);
        List<String> plannedTimes = new ArrayList<>(n);
        List<String> deliveredTimes = new ArrayList<>(n);
        List<String> heldTimes = new ArrayList<>(n);
        List<String> channels = new ArrayList<>(n);
        List<String> payloads = new ArrayList<>(n);
        List<String> offers = new ArrayList<>(n);
        List<String> guards = new ArrayList<>(n);
        List<String> reasons = new ArrayList<>(n);
        List<String> ingested = new ArrayList<>(n);
        List<Integer> versions = new ArrayList<>(n);
        for (Decision d : decisions) {
            ids.add(d.id());
            modes.add(wireName(d.mode()));
            experiments.add(d.experimentKey());
            campaigns.add(d.campaignId());
            users.add(d.userId());
            arms.add(d.arm());
            statuses.add(d.status().name().toLowerCase(Locale.ROOT));
            ghosts.add(d.ghost());
            triggers.add(d.triggerEventId());
            triggerTimes.add(Rows.text(d.triggerAt()));
            decidedTimes.add(Rows.text(d.decidedAt()));
            plannedTimes.add(Rows.text(d.plannedDeliveryAt()));
            deliveredTimes.add(Rows.text(d.deliveredAt()));
            heldTimes.add(Rows.text(d.heldUntil()));
            channels.add(d.channel().wireName());
            payloads.add(d.payload());
            offers.add(d.offer());
            guards.add(d.suppression() == null ? null : d.suppression().guard());
            reasons.add(d.suppression() == null ? null : d.suppression().reason());
            ingested.add(Rows.text(ingestTimes.get(d.id())));
            versions.add(d.campaignVersion());
        }
        return new BulkWrite(
                INSERT,
                List.of(
                        Rows.uuids(connection, ids),
                        Rows.texts(connection, modes),
                        Rows.texts(connection, experiments),
                        Rows.texts(connection, campaigns),
                        Rows.texts(connection, users),
                        Rows.texts(connection, arms),
                        Rows.texts(connection, statuses),
                        Rows.booleans(connection, ghosts),
                        Rows.uuids(connection, triggers),
                        Rows.texts(connection, triggerTimes),
                        Rows.texts(connection, decidedTimes),
                        Rows.texts(connection, plannedTimes),
                        Rows.texts(connection, deliveredTimes),
                        Rows.texts(connection, heldTimes),
                        Rows.texts(connection, channels),
                        Rows.texts(connection, payloads),
                        Rows.texts(connection, offers),
                        Rows.texts(connection, guards),
                        Rows.texts(connection, reasons),
                        Rows.texts(connection, ingested),
                        Rows.ints(connection, versions)));
    }

    private static String wireName(Mode mode) {
        return mode.name().toLowerCase(Locale.ROOT);
    }

    private static Decision decision(DecisionRecord row) {
        return new Decision(
                row.getDecisionId(),
                row.getExperimentKey(),
                row.getCampaignId(),
                row.getUserId(),
                row.getArm(),
                Mode.valueOf(row.getMode().toUpperCase(Locale.ROOT)),
                row.getTriggerEventId(),
                instant(row.getTriggerAt()),
                instant(row.getDecidedAt()),
                instant(row.getPlannedDeliveryAt()),
                instant(row.getDeliveredAt()),
                instant(row.getHeldUntil()),
                Channel.fromWireName(row.getChannel())
                        .orElseThrow(() -> new IllegalStateException("unknown channel stored: " + row.getChannel())),
                row.getPayload(),
                row.getOffer(),
                row.getSuppressionGuard() == null
                        ? null
                        : new Suppression(row.getSuppressionGuard(), row.getSuppressionReason()),
                row.getGhost(),
                row.getCampaignVersion());
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
