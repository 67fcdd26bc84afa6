-- Grain: one row per ratio indicator and year for which the file gives values without numerator and
--        denominator, with the municipalities concerned and every published total they are part of
--        (regions, networks, the country): those totals cannot be computed after the import.
-- Key: indicator_id, year
-- Parameters: none; the rows to import are registered as the frame `staged_rows`.
with incomplete as (
    select
        staged.kommunenummer,
        staged.year,
        staged.indicator_id
    from staged_rows as staged
    inner join indicator on indicator.indicator_id = staged.indicator_id
    where indicator.aggregation = 'forhold'
        and (staged.numerator is null or staged.denominator is null)
),

totals as (
    select
        incomplete.indicator_id,
        incomplete.year,
        region.name as total_name
    from incomplete
    inner join region_member on region_member.kommunenummer = incomplete.kommunenummer
    inner join region on region.region_id = region_member.region_id
),

municipality_lists as (
    select
        incomplete.indicator_id,
        incomplete.year,
        list(distinct coalesce(municipality.name, incomplete.kommunenummer)) as municipalities
    from incomplete
    left join municipality on municipality.kommunenummer = incomplete.kommunenummer
    group by incomplete.indicator_id, incomplete.year
),

total_lists as (
    select
        totals.indicator_id,
        totals.year,
        list(distinct totals.total_name) as totals
    from totals
    group by totals.indicator_id, totals.year
)

select
    municipality_lists.indicator_id,
    indicator.name as indicator_name,
    municipality_lists.year,
    list_sort(municipality_lists.municipalities) as municipalities,
    list_sort(coalesce(total_lists.totals, [])) as totals
from municipality_lists
inner join indicator on indicator.indicator_id = municipality_lists.indicator_id
left join total_lists
    on total_lists.indicator_id = municipality_lists.indicator_id
    and total_lists.year = municipality_lists.year
order by municipality_lists.indicator_id, municipality_lists.year
