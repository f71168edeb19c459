-- The streaming state and pending timers are kept per experiment, as the nightly job's snapshots are (V2, V3.1), so
-- that several experiments can be streamed against one database: each real-time consumer group folds the events
-- into its own experiment's rows (the state holds the experiment's own message ledger, its guards count it) and
-- fires its own timers. docs/architecture.md ("Storage") and ADR 0019 say why.
--
-- Upgrade: the rows written before this version belong to the experiment whose real-time decisions were recorded
-- last, the one that was being streamed; without any real-time decision, to "default" (the default of
-- kairos.streaming.experiment-key). docs/operations.md ("Several experiments at once") shows how to check and move
-- them.

alter table user_state add column experiment_key varchar(100);
alter table pending_timer add column experiment_key varchar(100);

-- [jooq ignore start]
do $$
declare
    streamed varchar(100) := coalesce(
        (select experiment_key from decision where mode = 'realtime' order by recorded_at desc limit 1),
        'default');
begin
    update user_state set experiment_key = streamed;
    update pending_timer set experiment_key = streamed;
    if exists (select 1 from user_state) or exists (select 1 from pending_timer) then
        raise notice 'streaming state and pending timers assigned to experiment %', streamed;
    end if;
end
$$;
-- [jooq ignore stop]

alter table user_state alter column experiment_key set not null;
alter table pending_timer alter column experiment_key set not null;

alter table user_state drop constraint user_state_pk;
alter table user_state add constraint user_state_pk primary key (experiment_key, user_id);

alter table pending_timer drop constraint pending_timer_pk;
alter table pending_timer add constraint pending_timer_pk primary key (experiment_key, user_id, timer_key);

-- The watermark query of one experiment: its timers due before a limit, in due-time order.
drop index pending_timer_due_ix;
create index pending_timer_due_ix on pending_timer (experiment_key, due_at, user_id, timer_key);
