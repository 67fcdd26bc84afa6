-- Writes: the imported area and unit results that differ from what the database holds for the same key.
-- Parameters: $import_id; the rows to import are registered as the frame `staged_area_rows`.
insert or replace into tifaktor_result
select staged.kommunenummer, staged.year, staged.indicator_id, staged.area_id, staged.unit, staged.score,
       staged.respondents, staged.source, staged.is_example, 'import', $import_id
from staged_area_rows as staged
inner join tifaktor_result as existing
    on existing.kommunenummer = staged.kommunenummer
    and existing.year = staged.year
    and existing.indicator_id = staged.indicator_id
    and existing.area_id = staged.area_id
    and existing.unit = staged.unit
where existing.score is distinct from staged.score
    or existing.respondents is distinct from staged.respondents
    or existing.source is distinct from staged.source
