-- Grain: one row per staged 10-FAKTOR result for a service area or unit that is new or changed, with
-- the score it replaces (the columns of import_preview; the area and unit are named with the factor).
-- Key: kommunenummer, year, indicator_id
-- Parameters: none; the rows to import are registered as the frame `staged_area_rows`.
with compared as (
    select
        staged.*,
        existing.score as old_value,
        case
            when existing.kommunenummer is null then 'ny'
            when existing.score is distinct from staged.score
                or existing.respondents is distinct from staged.respondents
                or existing.source is distinct from staged.source
                then 'endret'
            else 'uendret'
        end as change
    from staged_area_rows as staged
    left join tifaktor_result as existing
        on existing.kommunenummer = staged.kommunenummer
        and existing.year = staged.year
        and existing.indicator_id = staged.indicator_id
        and existing.area_id = staged.area_id
        and existing.unit = staged.unit
)

select
    compared.change,
    compared.kommunenummer,
    municipality.name,
    compared.year,
    compared.indicator_id || ' (' || coalesce(service_area.name, compared.area_id)
        || case when compared.unit = '' then '' else ': ' || compared.unit end || ')' as indicator_id,
    compared.old_value,
    compared.score as value
from compared
left join municipality on municipality.kommunenummer = compared.kommunenummer
left join service_area on service_area.area_id = compared.area_id
where compared.change <> 'uendret'
order by compared.change, compared.kommunenummer, compared.year, compared.indicator_id, compared.area_id,
    compared.unit
