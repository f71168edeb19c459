-- The streaming state is written on every unit of work and read back whole; nothing queries inside it. Stored as text,
-- PostgreSQL no longer parses each ~600-byte document into jsonb on write (the largest part of the unit of work's
-- write statement), and reading it back needs no conversion either. jsonb to text is an assignment cast: no USING.
alter table user_state alter column state set data type text;
