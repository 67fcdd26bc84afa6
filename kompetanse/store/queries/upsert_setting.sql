-- Writes: one setting, with who changed it and when.
-- Parameters: $key, $value, $by, $at.
insert or replace into setting (key, value, changed_by, changed_at) values ($key, $value, $by, $at)
