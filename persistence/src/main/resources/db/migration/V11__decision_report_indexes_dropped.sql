-- Two indexes of V2 were made for a report that looked decisions up per arm and per user. The report now reads the
-- experiment's decisions in one sequential pass per slice of users and joins them by hashing (docs/statistics.md,
-- "Report metrics"), so nothing reads them any more, while every decision write (the nightly job's hundreds of
-- thousands, each real-time unit of work) still maintained them: the raw COPY of the nightly benchmark's 650,473
-- decisions took 30% less time without them (docs/benchmarks.md, "Nightly batch"). decision_pk serves lookups by id.
drop index decision_report_ix;
drop index decision_user_ix;

-- The deliveries of a period (the simulator's "delivered so far") are the only reader of decision_delivery_ix, and a
-- delivery time is only set on delivered decisions (decision_delivered_ck): the others, most of the nightly job's,
-- need no entry (a one-off psql check: about 9% off inserting 650,000 decisions).
drop index decision_delivery_ix;
-- [jooq ignore start]
create index decision_delivery_ix on decision (experiment_key, delivered_at) where delivered_at is not null;
-- [jooq ignore stop]
