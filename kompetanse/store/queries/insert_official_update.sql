-- Writes: the log entry of one official update that changed something; returns its number.
-- Parameters: $started_at, $finished_at, $run_by, $sources, $from_year, $rows_new, $rows_changed,
-- $rows_removed, $example_removed.
insert into official_update (started_at, finished_at, run_by, sources, from_year, rows_new, rows_changed,
                             rows_removed, example_removed)
values ($started_at, $finished_at, $run_by, $sources, $from_year, $rows_new, $rows_changed, $rows_removed,
        $example_removed)
returning update_id
