-- Grain: one row per staged import row that is new or changed, with the value it replaces.
-- Key: kommunenummer, year, indicator_id
-- Parameters: none; the rows to import are registered as the frame `staged_rows`.
with compared as (
    select
        staged.*,
        existing.value as old_value,
        case
            when existing.kommunenummer is null then 'ny'
            when existing.value is distinct from staged.value
                or existing.numerator is distinct from staged.numerator
                or existing.denominator is distinct from staged.denominator
                or existing.source is distinct from staged.source
                or existing.status is not null
                then 'endret'
            else 'uendret'
        end as change
    from staged_rows as staged
    left join observation as existing
        on existing.kommunenummer = staged.kommunenummer
        and existing.year = staged.year
        and existing.indicator_id = staged.indicator_id
)

select
    compared.change,
    compared.kommunenummer,
    municipality.name,
    compared.year,
    compared.indicator_id,
    compared.old_value,
    compared.value,
    indicator.name as indicator_name,
    indicator.unit
from compared
left join municipality on municipality.kommunenummer = compared.kommunenummer
inner join indicator on indicator.indicator_id = compared.indicator_id
where compared.change <> 'uendret'
order by compared.change, compared.kommunenummer, compared.year, compared.indicator_id
