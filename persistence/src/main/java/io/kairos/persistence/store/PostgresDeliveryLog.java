package io.kairos.persistence.store;

import io.kairos.domain.delivery.Delivery;
import io.kairos.domain.delivery.DeliveryStatus;
import io.kairos.domain.event.Channel;
import io.kairos.domain.port.out.DeliveryLog;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;

/**
 * The delivery log in PostgreSQL ({@code delivery}, migration V17). Claims take the due rows with {@code FOR UPDATE
 * SKIP LOCKED} and move their next attempt past the lease in the same statement, so concurrent senders never claim
 * the same row at once.
 */
public final class PostgresDeliveryLog implements DeliveryLog {

    private static final String COLUMNS = "decision_id, channel, user_id, campaign_id, experiment_key, arm, message,"
            + " deliver_at, expires_at, status, attempts, next_attempt_at, reason, sent_at";

    private static final String RECORD = "insert into delivery (decision_id, channel, user_id, campaign_id,"
            + " experiment_key, arm, message, deliver_at, expires_at, next_attempt_at)"
            + " select d.decision_id, d.channel, d.user_id, d.campaign_id, d.experiment_key, d.arm, d.message,"
            + " d.deliver_at, d.expires_at, d.deliver_at"
            + " from unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],"
            + " ?::timestamptz[], ?::timestamptz[])"
            + " as d(decision_id, channel, user_id, campaign_id, experiment_key, arm, message, deliver_at, expires_at)"
            + " on conflict on constraint delivery_pk do nothing";

    private static final String CLAIM = "with due as (select decision_id, channel from delivery"
            + " where status = 'pending' and channel = any(?::text[]) and next_attempt_at <= ?::timestamptz"
            + " order by next_attempt_at limit ? for update skip locked)"
            + " update delivery d set attempts = d.attempts + 1, next_attempt_at = ?::timestamptz, updated_at = now()"
            + " from due where d.decision_id = due.decision_id and d.channel = due.channel returning "
            + prefixed("d.");

    private static final String CLAIM_FOR_USER = "with due as (select decision_id, channel from delivery"
            + " where status = 'pending' and user_id = any(?::text[]) and channel = ? and next_attempt_at <= ?::timestamptz"
            + " order by next_attempt_at limit ? for update skip locked)"
            + " update delivery d set attempts = d.attempts + 1, next_attempt_at = ?::timestamptz, updated_at = now()"
            + " from due where d.decision_id = due.decision_id and d.channel = due.channel returning "
            + prefixed("d.");

    private final DSLContext db;

    /** A delivery log reading and writing through {@code db}. */
    public PostgresDeliveryLog(DSLContext db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    private static String prefixed(String alias) {
        return alias + COLUMNS.replace(", ", ", " + alias);
    }

    @Override
    public int record(Collection<Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            return 0;
        }
        int n = deliveries.size();
        UUID[] ids = new UUID[n];
        String[] channels = new String[n];
        String[] users = new String[n];
        String[] campaigns = new String[n];
        String[] experiments = new String[n];
        String[] arms = new String[n];
        String[] messages = new String[n];
        OffsetDateTime[] deliverAt = new OffsetDateTime[n];
        OffsetDateTime[] expiresAt = new OffsetDateTime[n];
        int i = 0;
        for (Delivery delivery : deliveries) {
            ids[i] = delivery.decisionId();
            channels[i] = delivery.channel().wireName();
            users[i] = delivery.userId();
            campaigns[i] = delivery.campaignId();
            experiments[i] = delivery.experimentKey();
            arms[i] = delivery.arm();
            messages[i] = delivery.message();
            deliverAt[i] = offset(delivery.deliverAt());
            expiresAt[i] = offset(delivery.expiresAt());
            i++;
        }
        return db.execute(RECORD, ids, channels, users, campaigns, experiments, arms, messages, deliverAt, expiresAt);
    }

    @Override
    public List<Delivery> claimDue(Collection<Channel> channels, Instant now, int limit, Duration lease) {
        if (channels.isEmpty() || limit <= 0) {
            return List.of();
        }
        String[] names = channels.stream().map(Channel::wireName).toArray(String[]::new);
        return sorted(db.fetch(CLAIM, names, offset(now), limit, offset(now.plus(lease))));
    }

    @Override
    public List<Delivery> claimDueFor(
            Channel channel, Collection<String> userIds, Instant now, int limit, Duration lease) {
        if (userIds.isEmpty() || limit <= 0) {
            return List.of();
        }
        return sorted(db.fetch(
                CLAIM_FOR_USER,
                userIds.toArray(String[]::new),
                channel.wireName(),
                offset(now),
                limit,
                offset(now.plus(lease))));
    }

    @Override
    public int expire(Channel channel, Instant now) {
        return db.execute(
                "update delivery set status = 'expired', reason = 'its time to live ended at ' || expires_at,"
                        + " updated_at = now() where status = 'pending' and channel = ? and expires_at <= ?::timestamptz",
                channel.wireName(),
                offset(now));
    }

    @Override
    public boolean markSent(UUID decisionId, Channel channel, Instant sentAt) {
        return db.execute(
                        "update delivery set status = 'sent', sent_at = ?::timestamptz, reason = null, updated_at = now()"
                                + " where decision_id = ? and channel = ? and status = 'pending'",
                        offset(sentAt),
                        decisionId,
                        channel.wireName())
                == 1;
    }

    @Override
    public void retryAt(UUID decisionId, Channel channel, Instant nextAttemptAt, String error) {
        db.execute(
                "update delivery set next_attempt_at = ?::timestamptz, reason = ?, updated_at = now()"
                        + " where decision_id = ? and channel = ? and status = 'pending'",
                offset(nextAttemptAt),
                error,
                decisionId,
                channel.wireName());
    }

    @Override
    public void finish(UUID decisionId, Channel channel, DeliveryStatus status, String reason) {
        if (status == DeliveryStatus.PENDING || status == DeliveryStatus.SENT) {
            throw new IllegalArgumentException("finish ends a delivery as suppressed, expired or dead, not " + status);
        }
        db.execute(
                "update delivery set status = ?, reason = ?, updated_at = now()"
                        + " where decision_id = ? and channel = ? and status = 'pending'",
                status.wireName(),
                reason,
                decisionId,
                channel.wireName());
    }

    @Override
    public int sentBetween(String userId, Channel channel, Instant from, Instant to) {
        return db.fetchOne(
                        "select count(*) from delivery where user_id = ? and channel = ? and status = 'sent'"
                                + " and sent_at >= ?::timestamptz and sent_at < ?::timestamptz",
                        userId,
                        channel.wireName(),
                        offset(from),
                        offset(to))
                .get(0, Long.class)
                .intValue();
    }

    @Override
    public Optional<Delivery> find(UUID decisionId, Channel channel) {
        return db.fetchOptional(
                        "select " + COLUMNS + " from delivery where decision_id = ? and channel = ?",
                        decisionId,
                        channel.wireName())
                .map(PostgresDeliveryLog::delivery);
    }

    @Override
    public Map<DeliveryStatus, Long> countByStatus() {
        Map<DeliveryStatus, Long> counts = new EnumMap<>(DeliveryStatus.class);
        for (DeliveryStatus status : DeliveryStatus.values()) {
            counts.put(status, 0L);
        }
        for (Record row : db.fetch("select status, count(*) from delivery group by status")) {
            DeliveryStatus.fromWireName(row.get(0, String.class))
                    .ifPresent(status -> counts.put(status, row.get(1, Long.class)));
        }
        return counts;
    }

    @Override
    public Optional<Instant> oldestDue(Instant now) {
        return Optional.ofNullable(db.fetchOne(
                                "select min(next_attempt_at) from delivery"
                                        + " where status = 'pending' and next_attempt_at <= ?::timestamptz",
                                offset(now))
                        .get(0, OffsetDateTime.class))
                .map(OffsetDateTime::toInstant);
    }

    private static List<Delivery> sorted(org.jooq.Result<Record> rows) {
        return rows.stream()
                .map(PostgresDeliveryLog::delivery)
                .sorted(Comparator.comparing(Delivery::deliverAt).thenComparing(Delivery::decisionId))
                .toList();
    }

    private static Delivery delivery(Record row) {
        return new Delivery(
                row.get("decision_id", UUID.class),
                Channel.fromWireName(row.get("channel", String.class)).orElseThrow(),
                row.get("user_id", String.class),
                row.get("campaign_id", String.class),
                row.get("experiment_key", String.class),
                row.get("arm", String.class),
                row.get("message", String.class),
                instant(row.get("deliver_at", OffsetDateTime.class)),
                instant(row.get("expires_at", OffsetDateTime.class)),
                DeliveryStatus.fromWireName(row.get("status", String.class)).orElseThrow(),
                row.get("attempts", Integer.class),
                instant(row.get("next_attempt_at", OffsetDateTime.class)),
                row.get("reason", String.class),
                instant(row.get("sent_at", OffsetDateTime.class)));
    }

    private static OffsetDateTime offset(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
