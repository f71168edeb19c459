-- The nightly job partitions users by a hash of their id (io.kairos.domain.port.out.UserHashRange): the first 10 bits
-- of the MD5 of the id's UTF-8 bytes, a bucket in [0, 1024). Stored with every archived event, computed by the
-- database itself so that no writer can get it wrong, it lets each partition of the job read only its own users'
-- rows of a day (a filter on a small integer) instead of reading, decoding and sorting the whole day once per
-- partition. Adding the column rewrites the archive's existing partitions once.
-- [jooq ignore start]
alter table user_event
    add column user_bucket smallint generated always as ((('x' || substr(md5(user_id), 1, 3))::bit(12)::int >> 2)) stored;

-- A generated column takes no value on insert: moving rows out of the default partition now names its columns.
create or replace function ensure_user_event_partitions(first_day date, last_day date) returns integer
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
                insert into user_event (occurred_at, event_id, user_id, event_type, session_id, properties)
                select occurred_at, event_id, user_id, event_type, session_id, properties from user_event_moving;
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
