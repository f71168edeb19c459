-- The nightly job's pending absence timers, snapshotted per experiment, user and cut-off like batch_profile (the
-- batch mode's timers are not the streaming mode's pending_timer rows: each mode runs its own clock over the same
-- events). A timer started shortly before a cut-off fires in the next run; a re-run of a cut-off starts from the
-- snapshots strictly before it, so it finds the same timers. An empty snapshot records that nothing is pending.
-- Owned by the batch wiring (io.kairos.app.batch.PostgresPendingTimerSnapshots); versioned 3.1 to sit after the job
-- repository (V3) and before whatever persistence adds next.
create table batch_pending_timer (
    experiment_key  varchar(100)  not null,
    user_id         varchar(128)  collate "C" not null,
    cutoff          timestamptz   not null,
    next_due_at     timestamptz,
    timer_keys      text[]        not null,
    campaign_ids    text[]        not null,
    due_ats         text[]        not null,
    start_events    text[]        not null,
    written_at      timestamptz   not null default now(),
    constraint batch_pending_timer_pk primary key (experiment_key, user_id, cutoff)
);

