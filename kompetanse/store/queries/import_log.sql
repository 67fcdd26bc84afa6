-- Grain: one row per import, newest first.
-- Key: import_id
-- Parameters: none.
select
    import_id,
    file_name,
    sha256,
    imported_by,
    imported_at,
    rows_new,
    rows_changed,
    rows_unchanged,
    stored_file,
    undone_at,
    undone_by
from import_log
order by import_id desc
