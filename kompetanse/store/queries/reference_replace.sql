-- Writes: the publisher's totals of the fetched indicators and years replace those held before.
-- Parameters: none; the fetched totals are registered as the frame `staged_references`.
delete from reference_value
where exists (
    select 1 from staged_references as staged
    where staged.indicator_id = reference_value.indicator_id and staged.year = reference_value.year
);
insert into reference_value (group_id, year, indicator_id, value, numerator, denominator, status, source)
select staged.group_id, staged.year, staged.indicator_id, staged.value, staged.numerator,
       staged.denominator, staged.status, staged.source
from staged_references as staged;
