-- Grain: one row: how many rows an import wrote are gone since (a rebuild or a later import took
-- them), and the later imports, not undone, that changed its rows. Either means it cannot be undone.
-- Key: (one row)
-- Parameters: $import_id.
select
    (select rows_new + rows_changed from import_log where import_id = $import_id)
        - (select count(*) from observation where import_id = $import_id) as rows_gone,
    (select list(distinct import_change.import_id order by import_change.import_id)
     from import_change
     inner join import_log on import_log.import_id = import_change.import_id
     where import_change.old_import_id = $import_id
         and import_change.import_id > $import_id
         and import_log.undone_at is null) as later_imports
