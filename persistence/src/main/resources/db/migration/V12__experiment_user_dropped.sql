-- The report's assignment-bucket cache (V7, ADR 7) is gone (ADR 9). Measured at a million users once the report
-- read its users in slices side by side: hashing every user on every report costs about a tenth of a slice, while
-- storing the buckets made an experiment's first report take twice as long as the others and every report a
-- writing transaction. The report computes every bucket again each time and writes nothing.
drop table experiment_user;
