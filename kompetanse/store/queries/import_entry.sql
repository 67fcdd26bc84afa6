-- Grain: one row at most: one import's file, who made it and whether it is undone.
-- Key: file_name
-- Parameters: $import_id.
select import_log.file_name, import_log.undone_at, import_log.imported_by
from import_log
where import_log.import_id = $import_id
