-- Writes: puts back what an import replaced, as it was before.
-- Parameters: $import_id.
insert or replace into observation (kommunenummer, year, indicator_id, value, numerator, denominator, source,
                                    is_example, origin, import_id, status)
select kommunenummer, year, indicator_id, old_value, old_numerator, old_denominator, old_source,
       old_is_example, old_origin, old_import_id, old_status
from import_change
where import_id = $import_id and existed
