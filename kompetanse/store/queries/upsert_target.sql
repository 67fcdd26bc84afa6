-- Writes: a region's target for one indicator (replacing an earlier one for the same indicator).
-- Parameters: $region_id, $indicator_id, $target_value, $target_year, $note, $set_by, $set_at.
insert or replace into target (region_id, indicator_id, target_value, target_year, note, set_by, set_at)
values ($region_id, $indicator_id, $target_value, $target_year, $note, $set_by, $set_at)
