-- Writes: puts back the area and unit results an import replaced, as they were before.
-- Parameters: $import_id.
insert or replace into tifaktor_result
select kommunenummer, year, indicator_id, area_id, unit, old_score, old_respondents, old_source,
       old_is_example, old_origin, old_import_id
from tifaktor_result_change
where import_id = $import_id
