-- Writes: what every observation an import changes held before, so the import can be undone.
-- Parameters: $import_id; the rows to import are registered as the frame `staged_rows`.
insert into import_change (import_id, kommunenummer, year, indicator_id, existed, old_value, old_numerator,
                           old_denominator, old_source, old_is_example, old_origin, old_import_id, old_status)
select $import_id, existing.kommunenummer, existing.year, existing.indicator_id, true, existing.value,
       existing.numerator, existing.denominator, existing.source, existing.is_example, existing.origin,
       existing.import_id, existing.status
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
