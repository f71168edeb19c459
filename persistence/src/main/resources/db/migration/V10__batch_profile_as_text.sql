-- The nightly job writes one profile snapshot per user and run, and reads the newest one back whole; nothing queries
-- inside it. Stored as text, like the streaming state (V8), PostgreSQL no longer parses each document into jsonb on
-- write, which was most of the cost of the snapshots' COPY (docs/benchmarks.md, "Nightly batch"). jsonb to text is an
-- assignment cast: no USING.
alter table batch_profile alter column state set data type text;
