-- Mutually exclusive experiments: an experiment may take a range [layer_from, layer_to) of a layer's 10,000 buckets
-- (see docs/experiment-assignment.md); without a layer it enrols every user, overlapping the others by choice.

alter table experiment
    add column layer_key  varchar(64),
    add column layer_from integer,
    add column layer_to   integer,
    add constraint experiment_layer_ck check (
        (layer_key is null and layer_from is null and layer_to is null)
        or (layer_key is not null and layer_from >= 0 and layer_from < layer_to and layer_to <= 10000));
