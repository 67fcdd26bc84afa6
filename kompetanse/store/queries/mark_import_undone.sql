-- Writes: marks an import as undone, by whom and when.
-- Parameters: $import_id, $at, $user.
update import_log set undone_at = $at, undone_by = $user where import_id = $import_id
