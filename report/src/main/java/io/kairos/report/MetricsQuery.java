package io.kairos.report;

import io.kairos.domain.experiment.EnrolmentCutoff;
import io.kairos.domain.port.out.UserHashRange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;

/**
 * Reads an experiment's metrics from PostgreSQL: every count, sum, variance and percentile is aggregated by the
 * database (docs/statistics.md, "Report metrics"); only per-arm rows and grouped survival times come back.
 */
public final class MetricsQuery {

    /** Rows per round trip when per-user outcomes are streamed. */
    static final int FETCH_SIZE = 2_000;

    /**
     * Parameters (experiment key, attribution window in seconds, end of observation, enrolment cut-off), every
     * assigned user's arm and the outcomes of the users something happened to (a trigger or a purchase);
     * {@code outcome} joins them into one row per assigned user. Only users first triggered at or before the cut-off
     * are enrolled: the others keep their first trigger time but no conversion or time to conversion (ADR 0011). Only
     * the users of one slice are read: a range {@code [from, to)} of the user bucket stored with every event and
     * decision (bound three times, for the events, the decisions and the purchases). Every user's assignment bucket is
     * computed here, on every report ({@code hashed}; null when the experiment is unknown, which leaves no arm).
     */
    static final String OUTCOMES = """
            with params as (select cast(? as varchar) as ek, make_interval(secs => ?) as win,
                                   cast(? as timestamptz) as end_at, cast(? as timestamptz) as cutoff_at),
            arm_range as (
                select a.arm, a.weight, x.salt,
                       (10000 * (sum(a.weight) over w - a.weight)) / nullif(sum(a.weight) over (), 0) as lower_bucket,
                       (10000 * sum(a.weight) over w) / nullif(sum(a.weight) over (), 0) as upper_bucket,
                       case a.arm when 'control' then 0 when 'batch' then 1 else 2 end as position
                from experiment_arm a join experiment x on x.experiment_key = a.experiment_key
                where a.experiment_key = (select ek from params)
                window w as (order by case a.arm when 'control' then 0 when 'batch' then 1 else 2 end, a.arm)),
            bucket_arm as (
                select b.bucket, r.arm from generate_series(0, 9999) b(bucket)
                join arm_range r on b.bucket between r.lower_bucket and r.upper_bucket - 1),
            layer as (
                select layer_key, layer_from, layer_to from experiment where experiment_key = (select ek from params)),
            -- an experiment in a layer enrols only the users whose layer bucket (the same hash of "layer:name:user")
            -- is in its range; the others are not in it at all
            seen as (
                select u.user_id, u.active from (
                    select user_id, bool_or(left(event_type, 8) <> 'message_') as active
                    from user_event where user_bucket >= ? and user_bucket < ? group by user_id) u
                left join layer l on true
                where l.layer_key is null
                   or (select (prefix % 10000 + 10000 + case when prefix < 0 then 1616 else 0 end) % 10000
                       from (select ('x' || encode(substr(sha256(convert_to('layer:' || l.layer_key || ':' || u.user_id,
                                'UTF8')), 1, 8), 'hex'))::bit(64)::bigint as prefix) x)
                      between l.layer_from and l.layer_to - 1),
            -- SHA-256 of "key:salt:user", first 8 bytes as an unsigned 64-bit integer, modulo 10,000 (BucketHash); 1616 =
            -- 2^64 mod 10000 turns the signed prefix's remainder into the unsigned one without numeric arithmetic
            hashed as materialized (
                select user_id, active,
                       cast((prefix % 10000 + 10000 + case when prefix < 0 then 1616 else 0 end) % 10000
                            as integer) as bucket
                from (select s.user_id, s.active,
                             ('x' || encode(substr(sha256(convert_to((select ek from params) || ':'
                                 || (select min(salt) from arm_range) || ':' || s.user_id, 'UTF8')), 1, 8), 'hex'))
                                 ::bit(64)::bigint as prefix
                      from seen s) p),
            assigned as (
                select h.user_id, h.active, b.arm from hashed h join bucket_arm b on b.bucket = h.bucket),
            first_trigger as (
                select d.user_id, min(d.trigger_at) as trigger_at from decision d
                where d.experiment_key = (select ek from params) and d.status in ('delivered', 'ghost')
                  and d.user_bucket >= ? and d.user_bucket < ?
                group by d.user_id),
            enrolled as (
                select user_id, trigger_at from first_trigger where trigger_at <= (select cutoff_at from params)),
            purchase as (
                select e.user_id, e.occurred_at, coalesce((e.properties ->> 'revenue')::numeric, 0) as revenue
                from user_event e where e.event_type = 'purchase' and e.user_bucket >= ? and e.user_bucket < ?),
            conversion as (
                select t.user_id, min(p.occurred_at) as converted_at
                from enrolled t join purchase p on p.user_id = t.user_id
                  and p.occurred_at > t.trigger_at and p.occurred_at <= t.trigger_at + (select win from params)
                group by t.user_id),
            spend as (
                select user_id, sum(revenue) as revenue, count(*) as orders, min(occurred_at) as first_purchase_at
                from purchase group by user_id),
            repeat_purchase as (
                select s.user_id from spend s join purchase p on p.user_id = s.user_id
                  and p.occurred_at > s.first_purchase_at and p.occurred_at <= s.first_purchase_at + interval '30 days'
                group by s.user_id),
            followed as materialized (
                select coalesce(t.user_id, s.user_id) as user_id, t.trigger_at,
                       coalesce(t.trigger_at <= o.cutoff_at, false) as enrolled, c.converted_at, s.revenue, s.orders,
                       s.first_purchase_at <= o.end_at - interval '30 days' as repeat_eligible,
                       r.user_id is not null as repeated,
                       cast(case
                           when c.converted_at is not null then extract(epoch from c.converted_at - t.trigger_at)
                           when t.trigger_at <= o.cutoff_at
                               then extract(epoch from least((select win from params),
                                   greatest(o.end_at - t.trigger_at, interval '0')))
                       end / 3600 as double precision) as hours
                from first_trigger t full join spend s on s.user_id = t.user_id
                cross join params o
                left join conversion c on c.user_id = coalesce(t.user_id, s.user_id)
                left join repeat_purchase r on r.user_id = coalesce(t.user_id, s.user_id)),
            outcome as (
                select a.user_id, a.arm, a.active, f.trigger_at, coalesce(f.enrolled, false) as enrolled, f.converted_at,
                       coalesce(f.revenue, 0) as revenue, coalesce(f.orders, 0) as orders,
                       coalesce(f.repeat_eligible, false) as repeat_eligible, coalesce(f.repeated, false) as repeated,
                       f.hours
                from assigned a left join followed f on f.user_id = a.user_id)
            """;

    /**
     * Everything computed from one slice's per-user outcomes, in one statement so that they are computed once: per-arm
     * rows (kind 'a', columns 1 to 12, in arm order), then per arm the grouped survival times of triggered users (kind
     * 's': hours, converted, users) and conversions per UTC day (kind 'd': day, users). Revenue comes back as exact
     * sums and sums of squares (per user, column 8; per order, column 10), which add up across slices into the
     * variances.
     */
    private static final String ARM_SQL = OUTCOMES + """
            , arm_users as (
                select b.arm, sum(h.users) as users, sum(h.active) as active
                from (select bucket, count(*) as users, count(*) filter (where active) as active
                      from hashed group by bucket) h
                join bucket_arm b on b.bucket = h.bucket
                group by b.arm),
            joined as materialized (
                select b.arm, f.* from followed f
                join hashed h on h.user_id = f.user_id
                join bucket_arm b on b.bucket = h.bucket),
            arm_total as (
                select arm, count(*) filter (where enrolled) as triggered, count(converted_at) as converted,
                       sum(revenue) as revenue, sum(revenue * revenue) as revenue_squares, sum(orders) as orders,
                       count(*) filter (where repeat_eligible) as repeat_eligible,
                       count(*) filter (where repeat_eligible and repeated) as repeated
                from joined group by arm),
            order_value as (
                select j.arm, sum(p.revenue * p.revenue) as squares
                from joined j join purchase p on p.user_id = j.user_id group by j.arm)
            select r.arm, r.weight, coalesce(u.users, 0), coalesce(u.active, 0), coalesce(t.triggered, 0),
                   coalesce(t.converted, 0),
                   coalesce(t.revenue, 0), coalesce(t.revenue_squares, 0),
                   cast(coalesce(t.orders, 0) as bigint), coalesce(v.squares, 0),
                   coalesce(t.repeat_eligible, 0), coalesce(t.repeated, 0),
                   'a' as kind, cast(null as double precision) as hours, cast(null as boolean) as converted,
                   cast(null as date) as day, cast(null as bigint) as users, r.position
            from arm_range r
            left join arm_users u on u.arm = r.arm
            left join arm_total t on t.arm = r.arm
            left join order_value v on v.arm = r.arm
            union all
            select arm, null, null, null, null, null, null, null, null, null, null, null,
                   's', hours, converted_at is not null, null, count(*), 0
            from joined where enrolled
            group by arm, hours, converted_at is not null
            union all
            select arm, null, null, null, null, null, null, null, null, null, null, null,
                   'd', null, null, cast(converted_at at time zone 'UTC' as date), count(*), 0
            from joined where converted_at is not null
            group by arm, cast(converted_at at time zone 'UTC' as date)
            order by 13, 18, 1, 14, 16
            """;

    /** Per-user outcomes in user order, for the CSV export. */
    static final String USER_OUTCOME_SQL = OUTCOMES + """
            select user_id, arm, active, trigger_at, converted_at, hours, revenue, orders, enrolled from outcome
            order by user_id
            """;

    /**
     * Per arm (rows whose column 16 is 1), the own mode's decision counts, clicks, first displays, stale deliveries and
     * percentiles, and the same per arm and campaign version in the same pass (column 16 is 0; column 17 the version,
     * 18 and 19 the first and last decision time), over the decisions triggered at
     * or before the enrolment cut-off (so that every message's click window lies inside the observation). Clicks,
     * displays and earlier purchases are matched by hash joins against one pass over the archive for all three, never by a lookup per
     * decision (which would probe every daily partition's index once per decision).
     */
    private static final String DECISION_SQL = """
            with params as (select cast(? as varchar) as ek, make_interval(secs => ?) as win,
                                   cast(? as timestamptz) as cutoff_at),
            own as materialized (
                select d.decision_id, d.user_id, d.arm, d.status, d.trigger_at, d.delivered_at, d.decided_at,
                       d.campaign_version,
                       extract(epoch from d.delivered_at - d.trigger_at) as delay_seconds,
                       extract(epoch from d.recorded_at - d.ingested_at) * 1000 as latency_millis
                from decision d
                where d.experiment_key = (select ek from params) and d.trigger_at <= (select cutoff_at from params)
                  and d.mode = case d.arm when 'control' then 'realtime' else d.arm end),
            response as materialized (
                select e.user_id, e.event_type, e.properties ->> 'message_id' as message_id, e.occurred_at
                from user_event e where e.event_type in ('message_clicked', 'message_opened', 'purchase')),
            click as (select user_id, message_id, occurred_at from response where event_type = 'message_clicked'),
            display as (select user_id, message_id, occurred_at from response where event_type = 'message_opened'),
            purchase as (select user_id, occurred_at from response where event_type = 'purchase'),
            clicked as (
                select distinct o.decision_id from own o join click c
                  on c.message_id = o.decision_id::text and c.user_id = o.user_id
                 and c.occurred_at >= o.delivered_at and c.occurred_at <= o.delivered_at + (select win from params)
                where o.status = 'delivered'),
            displayed as (
                select o.decision_id, extract(epoch from min(v.occurred_at) - o.trigger_at) as display_seconds
                from own o join display v
                  on v.message_id = o.decision_id::text and v.user_id = o.user_id
                 and v.occurred_at >= o.trigger_at and v.occurred_at <= o.delivered_at + (select win from params)
                where o.status = 'delivered'
                group by o.decision_id, o.trigger_at),
            stale as (
                select distinct o.decision_id from own o join purchase p
                  on p.user_id = o.user_id and p.occurred_at > o.trigger_at and p.occurred_at <= o.delivered_at
                where o.status = 'delivered')
            select o.arm,
                   count(*) filter (where o.status = 'delivered'),
                   count(*) filter (where o.status = 'ghost'),
                   count(*) filter (where o.status = 'suppressed'),
                   count(c.decision_id),
                   count(s.decision_id),
                   percentile_cont(0.5) within group (order by o.delay_seconds) filter (where o.status = 'delivered'),
                   percentile_cont(0.95) within group (order by o.delay_seconds) filter (where o.status = 'delivered'),
                   percentile_cont(0.5) within group (order by o.latency_millis),
                   percentile_cont(0.95) within group (order by o.latency_millis),
                   percentile_cont(0.99) within group (order by o.latency_millis),
                   count(v.decision_id),
                   percentile_cont(0.5) within group (order by v.display_seconds),
                   percentile_cont(0.95) within group (order by v.display_seconds),
                   percentile_cont(0.99) within group (order by v.display_seconds),
                   grouping(o.campaign_version), o.campaign_version, min(o.decided_at), max(o.decided_at)
            from own o
            left join clicked c on c.decision_id = o.decision_id
            left join displayed v on v.decision_id = o.decision_id
            left join stale s on s.decision_id = o.decision_id
            group by grouping sets ((o.arm), (o.arm, o.campaign_version))
            order by 1, 17
            """;

    private static final String SUPPRESSION_SQL = """
            select d.arm, d.suppression_guard, count(*) from decision d
            where d.experiment_key = ? and d.status = 'suppressed' and d.trigger_at <= ?
              and d.mode = case d.arm when 'control' then 'realtime' else d.arm end
            group by 1, 2 order by 1, 2
            """;

    /**
     * Every connection of a report runs repeatable read in the same snapshot (the first connection exports it, the
     * others import it), so that every figure describes the same data, with enough memory for a slice's hash joins and
     * aggregates without spilling to disk. Merge joins are off: the planner cannot estimate the CTEs' sizes and would
     * sort the assigned users by id, twice, where hash joins on the smaller side are cheaper at every size.
     * PostgreSQL's own parallel workers are off too: the report already runs its slices side by side, and workers on
     * top of that only add their start-up and partial aggregates of as many groups as rows (measured: a slice's
     * per-user aggregate took four times as long with two workers as without).
     */
    private static final List<String> SETTINGS = List.of(
            "set local work_mem = '64MB'",
            "set local enable_mergejoin = off",
            "set local max_parallel_workers_per_gather = 0");

    /**
     * SQL states of a statement naming a table or column the database lacks: the report reads, it does not migrate
     * (undefined table, undefined column).
     */
    static final Set<String> SCHEMA_MISSING = Set.of("42P01", "42703");

    /**
     * Slices of users read side by side unless configured otherwise: one per core of a two-core database server
     * (docs/benchmarks.md, "Report and dashboard": at a million users two slices take about as long each as half the
     * whole, four take more than a quarter each).
     */
    public static final int DEFAULT_SLICES = 2;

    /** Per arm, the own mode's decisions with an ingest time per latency bucket (see {@link LatencyBucket}). */
    private static final String LATENCY_HISTOGRAM_SQL = """
            select d.arm, width_bucket(extract(epoch from d.recorded_at - d.ingested_at) * 1000,
                                       cast(? as double precision[])), count(*)
            from decision d
            where d.experiment_key = ? and d.ingested_at is not null and d.trigger_at <= ?
              and d.mode = case d.arm when 'control' then 'realtime' else d.arm end
            group by 1, 2 order by 1, 2
            """;

    private static final String OBSERVATION_END_SQL = "select max(occurred_at) from user_event";

    private final DataSource dataSource;
    private final List<UserHashRange> slices;
    private final Duration longestDeliveryDelay;

    /**
     * Reads from the given database in {@value #DEFAULT_SLICES} slices of users; {@code longestDeliveryDelay} is the
     * longest time from a trigger to its delivery in any arm (the nightly batch's), which sets the enrolment cut-off.
     */
    public MetricsQuery(DataSource dataSource, Duration longestDeliveryDelay) {
        this(dataSource, DEFAULT_SLICES, longestDeliveryDelay);
    }

    /**
     * Reads from the given database in {@code slices} slices of users at once, each on its own connection (so a
     * report holds {@code slices + 1} connections while it runs); throws {@link IllegalArgumentException} unless
     * {@code slices} is between 1 and {@value UserHashRange#BUCKETS}.
     */
    public MetricsQuery(DataSource dataSource, int slices, Duration longestDeliveryDelay) {
        if (slices < 1 || slices > UserHashRange.BUCKETS) {
            throw new IllegalArgumentException(
                    "report slices must be between 1 and " + UserHashRange.BUCKETS + ", was " + slices);
        }
        this.dataSource = dataSource;
        this.slices = UserHashRange.split(slices);
        this.longestDeliveryDelay = longestDeliveryDelay;
    }

    /**
     * Aggregates one experiment's metrics; throws {@link UnknownExperiment} when the experiment has no arms. Reads
     * only: the first connection reads the decisions while one worker thread per slice reads that slice's outcomes on
     * a connection of its own, all in the first connection's snapshot.
     */
    public ExperimentMetrics read(String experimentKey, Duration attributionWindow) {
        try {
            return readInSnapshot(experimentKey, attributionWindow);
        } catch (SQLException e) {
            if (SCHEMA_MISSING.contains(e.getSQLState())) {
                throw schemaMissing(e);
            }
            throw new IllegalStateException("cannot read the report of " + experimentKey + ": " + e.getMessage(), e);
        }
    }

    /** The sentence for a database without the schema this version needs (missing table or column). */
    static IllegalStateException schemaMissing(SQLException e) {
        return new IllegalStateException(
                "the database has no Kairos schema, or an older one than this version of Kairos ("
                        + e.getMessage().lines().findFirst().orElse("")
                        + "); 'kairos doctor' shows its migrations and 'kairos up' applies them",
                e);
    }

    private ExperimentMetrics readInSnapshot(String experimentKey, Duration attributionWindow) throws SQLException {
        EnrolmentCutoff enrolment = new EnrolmentCutoff(attributionWindow, longestDeliveryDelay);
        List<Connection> connections = new ArrayList<>();
        ExecutorService workers = Executors.newFixedThreadPool(slices.size(), MetricsQuery::worker);
        try {
            Connection first = begin(connections, null);
            String snapshot;
            try (Statement export = first.createStatement();
                    ResultSet row = export.executeQuery("select pg_export_snapshot()")) {
                row.next();
                snapshot = row.getString(1);
            }
            Instant end = observationEnd(first);
            Instant cutoff = end == null ? null : enrolment.cutoffFor(end);
            List<Connection> sliceConnections = new ArrayList<>();
            for (int i = 0; i < slices.size(); i++) {
                sliceConnections.add(begin(connections, snapshot));
            }
            List<Future<OutcomeTotals>> parts = new ArrayList<>();
            for (int i = 0; i < slices.size(); i++) {
                Connection connection = sliceConnections.get(i);
                UserHashRange slice = slices.get(i);
                parts.add(workers.submit(() -> {
                    OutcomeTotals totals = readSlice(connection, experimentKey, attributionWindow, end, cutoff, slice);
                    connection.commit();
                    return totals;
                }));
            }
            DecisionTotals decisions = null;
            SQLException failure = null;
            try {
                decisions = readDecisions(first, experimentKey, attributionWindow, cutoff);
                first.commit();
            } catch (SQLException e) {
                failure = e;
            }
            OutcomeTotals outcomes = new OutcomeTotals();
            for (Future<OutcomeTotals> part : parts) {
                try {
                    outcomes.add(part.get());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof SQLException sql)) {
                        throw new IllegalStateException(
                                "cannot read the report of " + experimentKey + ": " + e.getCause(), e.getCause());
                    }
                    failure = failure == null ? sql : failure;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while reading the report of " + experimentKey, e);
                }
            }
            if (failure != null) {
                throw failure;
            }
            if (outcomes.arms().isEmpty()) {
                throw new UnknownExperiment(experimentKey);
            }
            return outcomes.metrics(experimentKey, end, enrolment, decisions);
        } finally {
            workers.shutdownNow();
            for (Connection connection : connections) {
                connection.close();
            }
        }
    }

    /** Opens a connection in a read-only repeatable-read transaction, in the given snapshot when there is one. */
    private Connection begin(List<Connection> opened, String snapshot) throws SQLException {
        Connection connection = dataSource.getConnection();
        opened.add(connection);
        connection.setAutoCommit(false);
        connection.setReadOnly(true);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try (Statement settings = connection.createStatement()) {
            if (snapshot != null) {
                // the identifier comes from the server's pg_export_snapshot(); SET takes no bind parameter
                settings.execute("set transaction snapshot '" + snapshot + "'");
            }
            for (String setting : SETTINGS) {
                settings.execute(setting);
            }
        }
        return connection;
    }

    private static Thread worker(Runnable task) {
        Thread thread = new Thread(task, "report-slice");
        thread.setDaemon(true);
        return thread;
    }

    /** The latest event time in the archive, or null when it is empty: where observation stops. */
    static Instant observationEnd(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(OBSERVATION_END_SQL)) {
            row.next();
            Timestamp end = row.getTimestamp(1);
            return end == null ? null : end.toInstant();
        }
    }

    /** The enrolment cut-off of this query's reports, for an attribution window. */
    EnrolmentCutoff enrolment(Duration attributionWindow) {
        return new EnrolmentCutoff(attributionWindow, longestDeliveryDelay);
    }

    private static OutcomeTotals readSlice(
            Connection connection,
            String experimentKey,
            Duration attributionWindow,
            Instant end,
            Instant cutoff,
            UserHashRange slice)
            throws SQLException {
        OutcomeTotals totals = new OutcomeTotals();
        try (PreparedStatement statement =
                        prepare(connection, ARM_SQL, experimentKey, attributionWindow, end, cutoff, slice);
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                String arm = rows.getString(1);
                switch (rows.getString(13)) {
                    case "a" ->
                        totals.addArm(
                                arm,
                                rows.getInt(2),
                                new long[] {
                                    rows.getLong(3),
                                    rows.getLong(4),
                                    rows.getLong(5),
                                    rows.getLong(6),
                                    rows.getLong(9),
                                    rows.getLong(11),
                                    rows.getLong(12)
                                },
                                rows.getBigDecimal(7),
                                rows.getBigDecimal(8),
                                rows.getBigDecimal(10));
                    case "s" -> totals.addTimes(arm, rows.getDouble(14), rows.getBoolean(15), rows.getLong(17));
                    default -> totals.addConversions(arm, rows.getObject(16, LocalDate.class), rows.getLong(17));
                }
            }
        }
        return totals;
    }

    private static DecisionTotals readDecisions(
            Connection connection, String experimentKey, Duration window, Instant cutoff) throws SQLException {
        Map<String, long[]> counts = new LinkedHashMap<>();
        Map<String, double[]> percentiles = new LinkedHashMap<>();
        List<CampaignVersionDecisions> versions = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(DECISION_SQL)) {
            statement.setString(1, experimentKey);
            statement.setDouble(2, window.toMillis() / 1000.0);
            statement.setTimestamp(3, timestamp(cutoff));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String arm = rows.getString(1);
                    if (rows.getInt(16) == 0) {
                        versions.add(new CampaignVersionDecisions(
                                rows.getInt(17),
                                arm,
                                rows.getLong(2),
                                rows.getLong(3),
                                rows.getLong(4),
                                rows.getLong(5),
                                rows.getTimestamp(18).toInstant(),
                                rows.getTimestamp(19).toInstant()));
                        continue;
                    }
                    counts.put(arm, new long[] {
                        rows.getLong(2),
                        rows.getLong(3),
                        rows.getLong(4),
                        rows.getLong(5),
                        rows.getLong(6),
                        rows.getLong(12)
                    });
                    double[] values = new double[8];
                    for (int i = 0; i < values.length; i++) {
                        double value = rows.getDouble(i < 5 ? 7 + i : 8 + i);
                        values[i] = rows.wasNull() ? Double.NaN : value;
                    }
                    percentiles.put(arm, values);
                }
            }
        }
        Map<String, Map<String, Long>> suppressions = new TreeMap<>();
        try (PreparedStatement statement = connection.prepareStatement(SUPPRESSION_SQL)) {
            statement.setString(1, experimentKey);
            statement.setTimestamp(2, timestamp(cutoff));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    suppressions
                            .computeIfAbsent(rows.getString(1), arm -> new TreeMap<>())
                            .put(rows.getString(2), rows.getLong(3));
                }
            }
        }
        return new DecisionTotals(
                counts, percentiles, suppressions, latencyHistograms(connection, experimentKey, cutoff), versions);
    }

    private static Map<String, List<LatencyBucket>> latencyHistograms(
            Connection connection, String experimentKey, Instant cutoff) throws SQLException {
        Map<String, long[]> counts = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(LATENCY_HISTOGRAM_SQL)) {
            statement.setArray(1, connection.createArrayOf("float8", LatencyBucket.BOUNDS.toArray()));
            statement.setString(2, experimentKey);
            statement.setTimestamp(3, timestamp(cutoff));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    counts.computeIfAbsent(rows.getString(1), arm -> new long[LatencyBucket.BOUNDS.size() + 1])[
                                    rows.getInt(2)] +=
                            rows.getLong(3);
                }
            }
        }
        Map<String, List<LatencyBucket>> histograms = new LinkedHashMap<>();
        counts.forEach((arm, perBucket) -> histograms.put(arm, LatencyBucket.of(perBucket)));
        return histograms;
    }

    /**
     * Prepares one of the {@link #OUTCOMES} statements for the users of {@code slice}, observed until {@code end} and
     * enrolled until {@code cutoff} (both null when the archive is empty).
     */
    static PreparedStatement prepare(
            Connection connection,
            String sql,
            String experimentKey,
            Duration window,
            Instant end,
            Instant cutoff,
            UserHashRange slice)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.setString(1, experimentKey);
        statement.setDouble(2, window.toMillis() / 1000.0);
        statement.setTimestamp(3, timestamp(end));
        statement.setTimestamp(4, timestamp(cutoff));
        for (int range = 0; range < 3; range++) {
            statement.setInt(5 + 2 * range, slice.from());
            statement.setInt(6 + 2 * range, slice.to());
        }
        return statement;
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
