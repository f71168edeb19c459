-- The report (docs/statistics.md, "Report metrics") computes per-user outcomes in slices of users that run side by
-- side, one database connection each, so that a million users' report uses every core of the server. A slice is a
-- range of the user bucket the archive already stores with every event (V4: the first 10 bits of the MD5 of the user
-- id, io.kairos.domain.port.out.UserHashRange); storing the same bucket with every decision lets a slice read only its
-- users' decisions with a filter on a small integer instead of computing MD5 per decision on every report. Computed by
-- the database, so no writer can get it wrong; adding the column rewrites the table once.
-- [jooq ignore start]
alter table decision
    add column user_bucket smallint generated always as ((('x' || substr(md5(user_id), 1, 3))::bit(12)::int >> 2)) stored;
-- [jooq ignore stop]
