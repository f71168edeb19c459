-- Two indexes of V2 were made for a report that looked decisions up per arm and per user. The report now reads the
-- experiment's decisions in one sequential pass per slice of users and joins them by hashing (docs/statistics.md,
-- "Report metrics"), so nothing reads them any more, while every decision write (the nightly job's hundreds of
-- thousands, each real-time unit of work) still maintained them: measured on 650,000 decisions, inserting took 39%
-- less time without them (docs/benchmarks.md, "Nightly batch"). decision_pk serves lookups by id and
-- decision_delivery_ix the deliveries of a period.
drop index decision_report_ix;
drop index decision_user_ix;
