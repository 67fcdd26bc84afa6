-- Writes: removes every example row of the indicators an update brings official figures for, in every
-- municipality and year (official and example figures of one indicator never mix).
-- Parameters: none; the fetched rows are registered as the frame `staged_rows`.
delete from observation
where observation.is_example
    and observation.indicator_id in (select distinct staged.indicator_id from staged_rows as staged)
