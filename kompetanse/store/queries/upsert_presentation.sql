-- Writes: a saved presentation's name and who saved it, replacing one of the same name in the region.
-- Parameters: $region_id, $name_key, $name, $saved_by, $saved_at.
insert or replace into presentation (region_id, name_key, name, saved_by, saved_at)
values ($region_id, $name_key, $name, $saved_by, $saved_at)
