-- Writes: removes the area and unit results an import added (not those it changed).
-- Parameters: $import_id.
delete from tifaktor_result
where import_id = $import_id
    and not exists (
        select 1 from tifaktor_result_change as change
        where change.import_id = $import_id
            and change.kommunenummer = tifaktor_result.kommunenummer
            and change.year = tifaktor_result.year
            and change.indicator_id = tifaktor_result.indicator_id
            and change.area_id = tifaktor_result.area_id
            and change.unit = tifaktor_result.unit
    )
