-- API keys of the HTTP side: the visible prefix names a key, the SHA-256 of the whole key recognises it;
-- the key itself is never stored. A revoked key keeps its row (who had which key, and when it stopped).

create table api_key (
    api_key_id  bigint generated always as identity,
    prefix      varchar(32)   not null,
    name        varchar(100)  not null,
    role        varchar(10)   not null,
    key_hash    bytea         not null,
    created_at  timestamptz   not null,
    revoked_at  timestamptz,
    constraint api_key_pk primary key (api_key_id),
    constraint api_key_prefix_uk unique (prefix),
    constraint api_key_role_ck check (role in ('ingest', 'read', 'admin'))
);
