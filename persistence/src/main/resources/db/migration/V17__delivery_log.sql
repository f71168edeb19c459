-- The delivery log: one row per decided message and channel, the record that makes each channel's effect
-- exactly-once (a restart or a re-read of the decisions topic finds the row and sends nothing again). Senders claim
-- due rows under a lease (next_attempt_at moves forward as they claim), so several senders share the work and a row
-- whose sender died is claimed again when its lease ends; the decision id is the receivers' idempotency key.

create table delivery (
    decision_id      uuid          not null,
    channel          varchar(16)   not null,
    user_id          varchar(128)  collate "C" not null,
    campaign_id      varchar(100)  not null,
    experiment_key   varchar(100)  not null,
    arm              varchar(64)   not null,
    message          text          not null,
    deliver_at       timestamptz   not null,
    expires_at       timestamptz,
    status           varchar(12)   not null default 'pending',
    attempts         integer       not null default 0,
    next_attempt_at  timestamptz   not null,
    reason           text,
    sent_at          timestamptz,
    recorded_at      timestamptz   not null default now(),
    updated_at       timestamptz   not null default now(),
    constraint delivery_pk primary key (decision_id, channel),
    constraint delivery_status_ck check (status in ('pending', 'sent', 'suppressed', 'expired', 'dead')),
    constraint delivery_channel_ck check (channel in ('push', 'email', 'sms', 'in_app', 'webhook')),
    constraint delivery_sent_ck check ((status = 'sent') = (sent_at is not null))
);

-- [jooq ignore start]
-- The senders' scan and an in-app user's scan: pending rows only, by due time.
create index delivery_due_ix on delivery (channel, next_attempt_at) where status = 'pending';
create index delivery_user_due_ix on delivery (user_id, channel, next_attempt_at) where status = 'pending';
-- Frequency caps at sending: a user's messages sent on a channel in a period.
create index delivery_sent_ix on delivery (user_id, channel, sent_at) where status = 'sent';
-- [jooq ignore stop]
