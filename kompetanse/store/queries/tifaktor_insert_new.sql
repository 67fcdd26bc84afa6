-- Writes: the imported area and unit results for keys the database does not hold yet.
-- Parameters: $import_id; the rows to import are registered as the frame `staged_area_rows`.
insert into tifaktor_result
select staged.kommunenummer, staged.year, staged.indicator_id, staged.area_id, staged.unit, staged.score,
       staged.respondents, staged.source, staged.is_example, 'import', $import_id
from staged_area_rows as staged
anti join tifaktor_result as existing
    on existing.kommunenummer = staged.kommunenummer
    and existing.year = staged.year
    and existing.indicator_id = staged.indicator_id
    and existing.area_id = staged.area_id
    and existing.unit = staged.unit
