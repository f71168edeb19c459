-- The system of record of both modes: the event archive, streaming state and timers, decisions and their outbox,
-- consumed offsets and batch profile snapshots. docs/architecture.md ("Storage") explains every shape.
-- Every constraint is named, so jOOQ's generated model and ON CONFLICT clauses refer to stable names.
-- Statements jOOQ's build-time parser (H2) cannot simulate sit between "jooq ignore" markers; PostgreSQL runs them.
-- User ids are compared in "C" collation (byte order) so that the nightly job's per-user order is the same on every
-- server, whatever its locale, and comparisons stay cheap.

-- Event archive: every valid event, partitioned by UTC day of event time. Identity is (occurred_at, event_id):
-- a unique constraint on a partitioned table must contain the partition key, and a re-delivered event carries both
-- values unchanged, so ON CONFLICT on this key makes re-delivery idempotent. Time first keeps index inserts
-- append-mostly.
create table user_event (
    occurred_at  timestamptz   not null,
    event_id     uuid          not null,
    user_id      varchar(128)  collate "C" not null,
    event_type   varchar(64)   not null,
    session_id   varchar(128),
    properties   jsonb         not null,
    constraint user_event_pk primary key (occurred_at, event_id)
) /* [jooq ignore start] */ partition by range (occurred_at) /* [jooq ignore stop] */;

-- The nightly job reads a day ordered by user then time; reports look up a user's events after a trigger.
create index user_event_user_time_ix on user_event (user_id, occurred_at);

-- [jooq ignore start]
-- Outliers (days no partition was created for, e.g. far outside the writer's window) land here.
create table user_event_default partition of user_event default;

-- Creates the daily partitions user_event_YYYYMMDD for [first_day, last_day] that do not exist yet, moving rows of
-- those days out of the default partition first; returns how many it created. Serialised by an advisory lock so
-- concurrent writers do not race on the same name.
create function ensure_user_event_partitions(first_day date, last_day date) returns integer
language plpgsql as $$
declare
    day      date := first_day;
    created  integer := 0;
    name     text;
    lower_at timestamptz;
    upper_at timestamptz;
begin
    perform pg_advisory_xact_lock(hashtext('user_event partitions'));
    while day <= last_day loop
        name := 'user_event_' || to_char(day, 'YYYYMMDD');
        if to_regclass(name) is null then
            lower_at := day::timestamp at time zone 'UTC';
            upper_at := (day + 1)::timestamp at time zone 'UTC';
            if exists (select 1 from user_event_default where occurred_at >= lower_at and occurred_at < upper_at) then
                create temp table user_event_moving (like user_event) on commit drop;
                with moved as (
                    delete from user_event_default
                    where occurred_at >= lower_at and occurred_at < upper_at
                    returning *)
                insert into user_event_moving select * from moved;
                execute format('create table %I partition of user_event for values from (%L) to (%L)',
                               name, lower_at, upper_at);
                insert into user_event select * from user_event_moving;
                drop table user_event_moving;
            else
                execute format('create table %I partition of user_event for values from (%L) to (%L)',
                               name, lower_at, upper_at);
            end if;
            created := created + 1;
        end if;
        day := day + 1;
    end loop;
    return created;
end
$$;
-- [jooq ignore stop]

-- Streaming state: one row per user, the serialised UserState as jsonb (readable with psql, queryable by reports;
-- the codec is io.kairos.persistence.codec.UserStateJson). Only the key is indexed and the fill factor leaves room
-- on each page, so the per-batch upserts are HOT updates that touch no index.
create table user_state (
    user_id     varchar(128)  collate "C" not null,
    state       jsonb         not null,
    updated_at  timestamptz   not null default now(),
    constraint user_state_pk primary key (user_id)
) /* [jooq ignore start] */ with (fillfactor = 70) /* [jooq ignore stop] */;

-- Pending absence timers of the streaming mode: one per user and key; the start event is kept as jsonb.
create table pending_timer (
    user_id      varchar(128)  collate "C" not null,
    timer_key    varchar(200)  not null,
    campaign_id  varchar(100)  not null,
    due_at       timestamptz   not null,
    start_event  jsonb         not null,
    constraint pending_timer_pk primary key (user_id, timer_key)
);

-- The watermark query: every timer due before a limit, in due-time order.
create index pending_timer_due_ix on pending_timer (due_at, user_id, timer_key);

-- Decisions of both modes. The deterministic id is shared by the batch and real-time views of one trigger, so the
-- key is (decision_id, mode); re-processing inserts with ON CONFLICT DO NOTHING. No foreign key to experiment: the
-- hot path pays for no lookups, and reports join on experiment_key.
create table decision (
    decision_id          uuid           not null,
    mode                 varchar(10)    not null,
    experiment_key       varchar(100)   not null,
    campaign_id          varchar(100)   not null,
    user_id              varchar(128)   collate "C" not null,
    arm                  varchar(40)    not null,
    status               varchar(12)    not null,
    ghost                boolean        not null,
    trigger_event_id     uuid           not null,
    trigger_at           timestamptz    not null,
    decided_at           timestamptz    not null,
    planned_delivery_at  timestamptz,
    delivered_at         timestamptz,
    held_until           timestamptz,
    channel              varchar(20)    not null,
    payload              text           not null,
    offer                varchar(200),
    suppression_guard    varchar(100),
    suppression_reason   varchar(1000),
    recorded_at          timestamptz    not null default now(),
    constraint decision_pk primary key (decision_id, mode),
    constraint decision_mode_ck check (mode in ('batch', 'realtime')),
    constraint decision_status_ck check (status in ('delivered', 'ghost', 'suppressed')),
    constraint decision_suppression_ck check ((status = 'suppressed') = (suppression_guard is not null)),
    constraint decision_delivered_ck check (delivered_at is null or status = 'delivered')
);

-- The report's counts per experiment, arm, mode and status come from this index alone.
create index decision_report_ix on decision (experiment_key, arm, mode, status);
-- Outcomes: a user's decisions joined with the user's later events.
create index decision_user_ix on decision (user_id, trigger_at);
-- Delivered decisions of a period (the simulator's feedback loop, reaction-delay reports).
create index decision_delivery_ix on decision (experiment_key, delivered_at);

-- The transactional outbox: a message per delivered decision, written in the same transaction as the decision.
create table decision_outbox (
    outbox_id     bigint         generated always as identity,
    decision_id   uuid           not null,
    topic         varchar(200)   not null,
    message_key   varchar(128)   not null,
    payload       text           not null,
    queued_at     timestamptz    not null default now(),
    published_at  timestamptz,
    constraint decision_outbox_pk primary key (outbox_id),
    constraint decision_outbox_decision_uk unique (decision_id)
);

-- [jooq ignore start]
-- The publisher's scan: only unpublished rows, oldest first; stays small however long the outbox grows.
create index decision_outbox_unpublished_ix on decision_outbox (outbox_id) where published_at is null;
-- [jooq ignore stop]

-- Consumed offsets, committed in the same transaction as the rows they produced.
create table consumer_offset (
    consumer_group  varchar(200)  not null,
    topic           varchar(200)  not null,
    partition_no    integer       not null,
    next_offset     bigint        not null,
    committed_at    timestamptz   not null default now(),
    constraint consumer_offset_pk primary key (consumer_group, topic, partition_no),
    constraint consumer_offset_partition_ck check (partition_no >= 0),
    constraint consumer_offset_next_offset_ck check (next_offset >= 0)
);

-- Batch profile snapshots: a user's state per experiment as of a nightly cut-off. The key's order serves "newest
-- snapshot at or before a cut-off" for a chunk of users as one index range per user.
create table batch_profile (
    experiment_key  varchar(100)  not null,
    user_id         varchar(128)  collate "C" not null,
    cutoff          timestamptz   not null,
    state           jsonb         not null,
    written_at      timestamptz   not null default now(),
    constraint batch_profile_pk primary key (experiment_key, user_id, cutoff)
);
