-- Writes: removes the observations an import added (not those it changed; see undo_restore_replaced).
-- Parameters: $import_id.
delete from observation
where import_id = $import_id
    and not exists (
        select 1 from import_change
        where import_change.import_id = $import_id
            and import_change.kommunenummer = observation.kommunenummer
            and import_change.year = observation.year
            and import_change.indicator_id = observation.indicator_id
    )
