-- Writes: what every 10-FAKTOR area or unit result an import changes held before, so it can be undone.
-- Parameters: $import_id; the rows to import are registered as the frame `staged_area_rows`.
insert into tifaktor_result_change
select $import_id, existing.kommunenummer, existing.year, existing.indicator_id, existing.area_id,
       existing.unit, existing.score, existing.respondents, existing.source, existing.is_example,
       existing.origin, existing.import_id
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
