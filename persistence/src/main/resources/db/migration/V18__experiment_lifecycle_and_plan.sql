-- Experiments as managed resources (kairos experiment create|start|stop): a lifecycle on the experiment, the analysis
-- plan registered before the start, and an audit trail of every change. Experiments defined before this migration,
-- or later by a running stream without a plan, are running and have no plan.

alter table experiment
    add column status         varchar(10)  not null default 'running',
    add column started_at     timestamptz,
    add column planned_end_at timestamptz,
    add column stopped_at     timestamptz,
    add constraint experiment_status_ck check (status in ('draft', 'running', 'stopped'));

create table experiment_plan (
    experiment_key              varchar(100)      not null,
    primary_metric              varchar(40)       not null,
    secondary_metrics           varchar(400)      not null default '',
    attribution_window_seconds  bigint            not null,
    horizon_seconds             bigint            not null,
    alpha                       double precision  not null,
    minimum_detectable_effect   double precision  not null,
    power                       double precision  not null,
    constraint experiment_plan_pk primary key (experiment_key),
    constraint experiment_plan_experiment_fk foreign key (experiment_key)
        references experiment (experiment_key) on delete cascade,
    constraint experiment_plan_window_ck check (attribution_window_seconds > 0),
    constraint experiment_plan_horizon_ck check (horizon_seconds > attribution_window_seconds),
    constraint experiment_plan_alpha_ck check (alpha > 0 and alpha <= 0.5),
    constraint experiment_plan_power_ck check (power >= 0.5 and power < 1)
);

create table audit_event (
    audit_id     bigint generated always as identity,
    occurred_at  timestamptz   not null default now(),
    actor        varchar(200)  not null,
    action       varchar(40)   not null,
    subject      varchar(200)  not null,
    details      text          not null,
    constraint audit_event_pk primary key (audit_id)
);

create index audit_event_subject_idx on audit_event (subject, audit_id);
