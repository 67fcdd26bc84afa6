-- Grain: one row per import whose original file is kept in importer/ (undone imports too).
-- Key: stored_file
-- Parameters: none.
select import_log.stored_file
from import_log
where import_log.stored_file is not null
order by import_log.stored_file
