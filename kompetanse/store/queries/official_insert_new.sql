-- Writes: the fetched official rows for every key the database does not hold (after the removals above).
-- Parameters: none; the fetched rows are registered as the frame `staged_rows`.
insert into observation (kommunenummer, year, indicator_id, value, numerator, denominator, source,
                         is_example, origin, import_id, status)
select staged.kommunenummer, staged.year, staged.indicator_id, staged.value, staged.numerator,
       staged.denominator, staged.source, false, 'offisiell', null, staged.status
from staged_rows as staged
anti join observation as existing
    on existing.kommunenummer = staged.kommunenummer
    and existing.year = staged.year
    and existing.indicator_id = staged.indicator_id
