-- Grain: one row per official update that changed something, newest first.
-- Key: update_id
-- Parameters: none.
select
    official_update.update_id,
    official_update.started_at,
    official_update.finished_at,
    official_update.run_by,
    official_update.sources,
    official_update.from_year,
    official_update.rows_new,
    official_update.rows_changed,
    official_update.rows_removed,
    official_update.example_removed
from official_update
order by official_update.update_id desc
