-- Writes: the imported rows for keys the database does not hold yet.
-- Parameters: $import_id; the rows to import are registered as the frame `staged_rows`.
insert into observation (kommunenummer, year, indicator_id, value, numerator, denominator, source,
                         is_example, origin, import_id)
select staged.kommunenummer, staged.year, staged.indicator_id, staged.value, staged.numerator,
       staged.denominator, staged.source, staged.is_example, 'import', $import_id
from staged_rows as staged
anti join observation as existing
    on existing.kommunenummer = staged.kommunenummer
    and existing.year = staged.year
    and existing.indicator_id = staged.indicator_id
