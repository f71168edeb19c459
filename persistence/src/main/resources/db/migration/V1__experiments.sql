-- Experiments and their arms: the randomisation units every decision and outcome refers to.
-- Every constraint is named, so jOOQ's generated model and ON CONFLICT clauses refer to stable names.

create table experiment (
    experiment_key  varchar(100)  not null,
    salt            varchar(100)  not null,
    description     varchar(1000),
    created_at      timestamptz   not null default now(),
    constraint experiment_pk primary key (experiment_key)
);

create table experiment_arm (
    experiment_key  varchar(100)  not null,
    arm             varchar(20)   not null,
    weight          integer       not null,
    constraint experiment_arm_pk primary key (experiment_key, arm),
    constraint experiment_arm_experiment_fk foreign key (experiment_key)
        references experiment (experiment_key) on delete cascade,
    constraint experiment_arm_arm_ck check (arm in ('control', 'batch', 'realtime')),
    constraint experiment_arm_weight_ck check (weight >= 0)
);
