-- Processing latency of real-time decisions (docs/statistics.md, "Report metrics"): ingested_at is the wall-clock time
-- of the Kafka record the decision came from (its record timestamp; for a decision fired by a watermark, the record
-- or heartbeat that moved the watermark). recorded_at - ingested_at is what the system itself added, whatever the
-- event times say, so replays and simulations measure it too. Null for batch decisions and for decisions recorded
-- before this column existed; the report leaves them out of the latency figures.
alter table decision add column ingested_at timestamptz;
