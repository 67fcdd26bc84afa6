-- Grain: one row per staged import row, with what the database holds for the same key now.
-- Parameters: none; the rows to import are registered as the frame `staged_rows`.
select
    staged.kommunenummer,
    municipality.name,
    staged.year,
    staged.indicator_id,
    staged.value,
    staged.numerator,
    staged.denominator,
    staged.source,
    staged.is_example,
    existing.value as old_value,
    existing.source as old_source,
    case
        when existing.kommunenummer is null then 'ny'
        when existing.value is distinct from staged.value
            or existing.numerator is distinct from staged.numerator
            or existing.denominator is distinct from staged.denominator
            or existing.source is distinct from staged.source
            then 'endret'
        else 'uendret'
    end as change
from staged_rows as staged
left join observation as existing
    on existing.kommunenummer = staged.kommunenummer
    and existing.year = staged.year
    and existing.indicator_id = staged.indicator_id
left join municipality on municipality.kommunenummer = staged.kommunenummer
order by staged.kommunenummer, staged.year, staged.indicator_id
