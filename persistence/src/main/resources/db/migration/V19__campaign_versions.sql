-- Campaign sets as versioned documents (kairos campaigns publish|history|show|diff). A published version comes into
-- force at its effective time (event time) in both modes; version 0 is the configured file or the built-in
-- defaults and is never stored. Every decision records the version it was made under; decisions made before this
-- migration were made under the configured campaigns, version 0.

create table campaign_version (
    version       integer       not null,
    document      text          not null,
    sha256        varchar(64)   not null,
    author        varchar(200)  not null,
    published_at  timestamptz   not null,
    effective_at  timestamptz   not null,
    constraint campaign_version_pk primary key (version),
    constraint campaign_version_number_ck check (version >= 1),
    constraint campaign_version_sha256_ck check (char_length(sha256) = 64),
    constraint campaign_version_effective_uk unique (effective_at)
);

alter table decision
    add column campaign_version integer not null default 0,
    add constraint decision_campaign_version_ck check (campaign_version >= 0);
