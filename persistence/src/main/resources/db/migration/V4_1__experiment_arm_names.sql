-- An arm may have any name the domain accepts (io.kairos.domain.experiment.Arm), not only control, batch and
-- realtime: a second control group, a holdout, one arm per channel. V1's check listed the three names; the name now
-- only has to be non-empty and as long as decision.arm allows (40). Until experiments store each arm's modes, the
-- name implies them: "batch" acts on batch decisions, "realtime" on real-time ones, any other name on none (a
-- control-like arm); the assignment's buckets go to control, then batch, then the other arms in name order.
alter table experiment_arm drop constraint experiment_arm_arm_ck;
alter table experiment_arm alter column arm type varchar(40);
alter table experiment_arm add constraint experiment_arm_arm_ck check (char_length(arm) > 0);
