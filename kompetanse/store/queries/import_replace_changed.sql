-- Writes: the imported rows that differ from what the database holds for the same key.
-- Parameters: $import_id; the rows to import are registered as the frame `staged_rows`.
insert or replace into observation (kommunenummer, year, indicator_id, value, numerator, denominator,
                                    source, is_example, origin, import_id, status)
select staged.kommunenummer, staged.year, staged.indicator_id, staged.value, staged.numerator,
       staged.denominator, staged.source, staged.is_example, 'import', $import_id, null
from staged_rows as staged
inner join observation as existing
    on existing.kommunenummer = staged.kommunenummer
    and existing.year = staged.year
    and existing.indicator_id = staged.indicator_id
where existing.value is distinct from staged.value
    or existing.numerator is distinct from staged.numerator
    or existing.denominator is distinct from staged.denominator
    or existing.source is distinct from staged.source
    or existing.status is not null
