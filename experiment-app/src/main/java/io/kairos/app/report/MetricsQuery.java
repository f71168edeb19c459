package io.kairos.app.report;

import io.kairos.domain.stats.SurvivalObservation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Reads an experiment's metrics from PostgreSQL: every count, sum, variance and percentile is aggregated by the
 * database (docs/statistics.md, "Report metrics"); only per-arm rows and grouped survival times come back.
 */
public final class MetricsQuery {

    /** Rows per round trip when per-user outcomes are streamed. */
    static final int FETCH_SIZE = 2_000;

    /** Parameters (experiment key, attribution window in seconds) and per-user outcomes of assigned users. */
    static final String OUTCOMES = """
            with params as (select cast(? as varchar) as ek, make_interval(secs => ?) as win),
            observation as (select max(occurred_at) as end_at from user_event),
            arm_range as (
                select a.arm, a.weight, x.salt,
                       (10000 * (sum(a.weight) over w - a.weight)) / nullif(sum(a.weight) over (), 0) as lower_bucket,
                       (10000 * sum(a.weight) over w) / nullif(sum(a.weight) over (), 0) as upper_bucket,
                       case a.arm when 'control' then 0 when 'batch' then 1 else 2 end as position
                from experiment_arm a join experiment x on x.experiment_key = a.experiment_key
                where a.experiment_key = (select ek from params)
                window w as (order by case a.arm when 'control' then 0 when 'batch' then 1 else 2 end, a.arm)),
            seen as (
                select user_id, bool_or(left(event_type, 8) <> 'message_') as active
                from user_event group by user_id),
            hashed as (
                select s.user_id, s.active,
                       ('x' || left(encode(sha256(convert_to((select ek from params) || ':'
                           || (select min(salt) from arm_range) || ':' || s.user_id, 'UTF8')), 'hex'), 16))
                           ::bit(64)::bigint as prefix
                from seen s),
            assigned as (
                select h.user_id, h.active, r.arm
                from hashed h join arm_range r
                  on mod(h.prefix::numeric + case when h.prefix < 0 then 18446744073709551616 else 0 end, 10000)
                     between r.lower_bucket and r.upper_bucket - 1),
            first_trigger as (
                select d.user_id, min(d.trigger_at) as trigger_at from decision d
                where d.experiment_key = (select ek from params) and d.status in ('delivered', 'ghost')
                group by d.user_id),
            purchase as (
                select e.user_id, e.occurred_at, coalesce((e.properties ->> 'revenue')::numeric, 0) as revenue
                from user_event e where e.event_type = 'purchase'),
            conversion as (
                select t.user_id, min(p.occurred_at) as converted_at
                from first_trigger t join purchase p on p.user_id = t.user_id
                  and p.occurred_at > t.trigger_at and p.occurred_at <= t.trigger_at + (select win from params)
                group by t.user_id),
            spend as (
                select user_id, sum(revenue) as revenue, count(*) as orders, min(occurred_at) as first_purchase_at
                from purchase group by user_id),
            repeat_purchase as (
                select s.user_id from spend s join purchase p on p.user_id = s.user_id
                  and p.occurred_at > s.first_purchase_at and p.occurred_at <= s.first_purchase_at + interval '30 days'
                group by s.user_id),
            outcome as (
                select a.user_id, a.arm, a.active, t.trigger_at, c.converted_at,
                       coalesce(s.revenue, 0) as revenue, coalesce(s.orders, 0) as orders,
                       coalesce(s.first_purchase_at <= o.end_at - interval '30 days', false) as repeat_eligible,
                       r.user_id is not null as repeated,
                       cast(case
                           when c.converted_at is not null then extract(epoch from c.converted_at - t.trigger_at)
                           when t.trigger_at is not null
                               then extract(epoch from least((select win from params),
                                   greatest(o.end_at - t.trigger_at, interval '0')))
                       end / 3600 as double precision) as hours
                from assigned a cross join observation o
                left join first_trigger t on t.user_id = a.user_id
                left join conversion c on c.user_id = a.user_id
                left join spend s on s.user_id = a.user_id
                left join repeat_purchase r on r.user_id = a.user_id)
            """;

    private static final String ARM_SQL = OUTCOMES + """
            , order_value as (
                select a.arm, coalesce(var_samp(p.revenue), 0) as variance
                from assigned a join purchase p on p.user_id = a.user_id group by a.arm)
            select r.arm, r.weight, count(o.user_id), count(o.user_id) filter (where o.active),
                   count(o.trigger_at), count(o.converted_at),
                   cast(coalesce(sum(o.revenue), 0) as double precision),
                   cast(coalesce(var_samp(o.revenue), 0) as double precision), coalesce(sum(o.orders), 0),
                   cast(coalesce(min(v.variance), 0) as double precision),
                   count(o.user_id) filter (where o.repeat_eligible),
                   count(o.user_id) filter (where o.repeat_eligible and o.repeated),
                   (select end_at from observation)
            from arm_range r
            left join outcome o on o.arm = r.arm
            left join order_value v on v.arm = r.arm
            group by r.arm, r.weight, r.position
            order by r.position, r.arm
            """;

    private static final String SURVIVAL_SQL = OUTCOMES + """
            select arm, hours, converted_at is not null, count(*) from outcome
            where trigger_at is not null
            group by 1, 2, 3 order by 1, 2
            """;

    /** Per-user outcomes in user order, for the CSV export. */
    static final String USER_OUTCOME_SQL = OUTCOMES + """
            select user_id, arm, active, trigger_at, converted_at, hours, revenue, orders from outcome
            order by user_id
            """;

    private static final String DECISION_SQL = """
            with params as (select cast(? as varchar) as ek, make_interval(secs => ?) as win),
            own as (
                select d.arm, d.status, d.suppression_guard,
                       extract(epoch from d.delivered_at - d.trigger_at) as delay_seconds,
                       extract(epoch from d.recorded_at - d.decided_at) * 1000 as latency_millis,
                       d.status = 'delivered' and exists (
                           select 1 from user_event e
                           where e.user_id = d.user_id and e.event_type = 'message_clicked'
                             and e.properties ->> 'message_id' = d.decision_id::text
                             and e.occurred_at >= d.delivered_at
                             and e.occurred_at <= d.delivered_at + (select win from params)) as clicked,
                       d.status = 'delivered' and exists (
                           select 1 from user_event e
                           where e.user_id = d.user_id and e.event_type = 'purchase'
                             and e.occurred_at > d.trigger_at and e.occurred_at <= d.delivered_at) as stale
                from decision d
                where d.experiment_key = (select ek from params)
                  and d.mode = case d.arm when 'control' then 'realtime' else d.arm end)
            select arm,
                   count(*) filter (where status = 'delivered'),
                   count(*) filter (where status = 'ghost'),
                   count(*) filter (where status = 'suppressed'),
                   count(*) filter (where clicked),
                   count(*) filter (where stale),
                   percentile_cont(0.5) within group (order by delay_seconds) filter (where status = 'delivered'),
                   percentile_cont(0.95) within group (order by delay_seconds) filter (where status = 'delivered'),
                   percentile_cont(0.5) within group (order by latency_millis),
                   percentile_cont(0.95) within group (order by latency_millis),
                   percentile_cont(0.99) within group (order by latency_millis)
            from own group by arm
            """;

    private static final String SUPPRESSION_SQL = """
            select d.arm, d.suppression_guard, count(*) from decision d
            where d.experiment_key = ? and d.status = 'suppressed'
              and d.mode = case d.arm when 'control' then 'realtime' else d.arm end
            group by 1, 2 order by 1, 2
            """;

    private final DataSource dataSource;

    /** Reads from the given database. */
    public MetricsQuery(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Aggregates one experiment's metrics; throws {@link UnknownExperiment} when it has no arms. */
    public ExperimentMetrics read(String experimentKey, Duration attributionWindow) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setReadOnly(true);
            Map<String, long[]> decisions = new LinkedHashMap<>();
            Map<String, double[]> percentiles = new LinkedHashMap<>();
            try (PreparedStatement statement = prepare(connection, DECISION_SQL, experimentKey, attributionWindow);
                    ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String arm = rows.getString(1);
                    decisions.put(arm, new long[] {
                        rows.getLong(2), rows.getLong(3), rows.getLong(4), rows.getLong(5), rows.getLong(6)
                    });
                    double[] values = new double[5];
                    for (int i = 0; i < 5; i++) {
                        double value = rows.getDouble(7 + i);
                        values[i] = rows.wasNull() ? Double.NaN : value;
                    }
                    percentiles.put(arm, values);
                }
            }
            Map<String, Map<String, Long>> suppressions = new TreeMap<>();
            try (PreparedStatement statement = connection.prepareStatement(SUPPRESSION_SQL)) {
                statement.setString(1, experimentKey);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        suppressions
                                .computeIfAbsent(rows.getString(1), arm -> new TreeMap<>())
                                .put(rows.getString(2), rows.getLong(3));
                    }
                }
            }
            List<ArmMetrics> arms = new ArrayList<>();
            Instant observationEnd = null;
            try (PreparedStatement statement = prepare(connection, ARM_SQL, experimentKey, attributionWindow);
                    ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String arm = rows.getString(1);
                    long[] counts = decisions.getOrDefault(arm, new long[5]);
                    double[] p = percentiles.getOrDefault(
                            arm, new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN});
                    Timestamp end = rows.getTimestamp(13);
                    observationEnd = end == null ? null : end.toInstant();
                    arms.add(new ArmMetrics(
                            arm,
                            rows.getInt(2),
                            rows.getLong(3),
                            rows.getLong(4),
                            rows.getLong(5),
                            rows.getLong(6),
                            counts[0],
                            counts[1],
                            counts[2],
                            suppressions.getOrDefault(arm, Map.of()),
                            counts[3],
                            counts[4],
                            rows.getDouble(7),
                            rows.getDouble(8),
                            rows.getLong(9),
                            rows.getDouble(10),
                            rows.getLong(11),
                            rows.getLong(12),
                            optional(p[0]),
                            optional(p[1]),
                            optional(p[2]),
                            optional(p[3]),
                            optional(p[4])));
                }
            }
            if (arms.isEmpty()) {
                throw new UnknownExperiment(experimentKey);
            }
            Map<String, List<SurvivalObservation>> times = new LinkedHashMap<>();
            try (PreparedStatement statement = prepare(connection, SURVIVAL_SQL, experimentKey, attributionWindow);
                    ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    double hours = rows.getDouble(2);
                    SurvivalObservation observation = rows.getBoolean(3)
                            ? SurvivalObservation.converted(hours)
                            : SurvivalObservation.censored(hours);
                    times.computeIfAbsent(rows.getString(1), arm -> new ArrayList<>())
                            .addAll(Collections.nCopies(rows.getInt(4), observation));
                }
            }
            return new ExperimentMetrics(experimentKey, observationEnd, attributionWindow, arms, times);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the report of " + experimentKey + ": " + e.getMessage(), e);
        }
    }

    static PreparedStatement prepare(Connection connection, String sql, String experimentKey, Duration window)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.setString(1, experimentKey);
        statement.setDouble(2, window.toMillis() / 1000.0);
        return statement;
    }

    private static OptionalDouble optional(double value) {
        return Double.isNaN(value) ? OptionalDouble.empty() : OptionalDouble.of(value);
    }
}
