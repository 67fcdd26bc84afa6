-- Writes: the log entry of one import; returns its number.
-- Parameters: $file_name, $sha256, $user, $imported_at, $rows_new, $rows_changed, $rows_unchanged,
-- $stored_file.
insert into import_log (file_name, sha256, imported_by, imported_at, rows_new, rows_changed, rows_unchanged,
                        stored_file)
values ($file_name, $sha256, $user, $imported_at, $rows_new, $rows_changed, $rows_unchanged, $stored_file)
returning import_id
