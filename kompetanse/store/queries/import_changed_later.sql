-- Grain: one row: how many rows an import wrote are gone since (a rebuild or a later import took
-- them), and the later imports, not undone, that changed its rows. Either means it cannot be undone.
-- Rows are observations and 10-FAKTOR results by service area or unit.
-- Key: (one row)
-- Parameters: $import_id.
with later as (
    select import_change.import_id
    from import_change
    where import_change.old_import_id = $import_id and import_change.import_id > $import_id
    union all
    select tifaktor_result_change.import_id
    from tifaktor_result_change
    where tifaktor_result_change.old_import_id = $import_id and tifaktor_result_change.import_id > $import_id
)

select
    (select rows_new + rows_changed from import_log where import_id = $import_id)
        - (select count(*) from observation where import_id = $import_id)
        - (select count(*) from tifaktor_result where import_id = $import_id) as rows_gone,
    (select list(distinct later.import_id order by later.import_id)
     from later
     inner join import_log on import_log.import_id = later.import_id
     where import_log.undone_at is null) as later_imports
