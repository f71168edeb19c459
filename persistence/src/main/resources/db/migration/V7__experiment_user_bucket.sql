-- Assignment buckets the report has computed: SHA-256 of "key:salt:user" per user is most of the cost of assigning a
-- million users, and it never changes for a given experiment key, salt and user. The report (docs/statistics.md,
-- "Report metrics") looks buckets up here, hashes only the users it does not find and stores them; arms are derived
-- from the bucket with the current weights on every report, so a row can never hold a stale arm. The salt is stored
-- so that a row written under another salt (an experiment deleted and defined again) is recomputed rather than trusted;
-- for the same reason there is no foreign key, which would also cost a lookup per stored row. Unlogged: it is a cache
-- that the next report refills, so it pays for no WAL and may be emptied by a crash. Every constraint is named.
create /* [jooq ignore start] */ unlogged /* [jooq ignore stop] */ table experiment_user (
    experiment_key  varchar(100)  not null,
    user_id         varchar(128)  collate "C" not null,
    salt            varchar(100)  not null,
    bucket          integer       not null,
    constraint experiment_user_pk primary key (experiment_key, user_id),
    constraint experiment_user_bucket_ck check (bucket >= 0 and bucket < 10000)
);
