-- Writes: puts back what an import replaced, as it was before.
-- Parameters: $import_id.
insert or replace into observation
select kommunenummer, year, indicator_id, old_value, old_numerator, old_denominator, old_source,
       old_is_example, old_origin, old_import_id
from import_change
where import_id = $import_id and existed
