-- Grain: one row per municipality with recorded competence plans, for search: its newest year with
-- plans, how many records, its SSB region, and the words of its areas, units and priority competences.
-- Key: kommunenummer
-- Parameters: none.
with newest as (
    select competence_plan.kommunenummer, max(competence_plan.year) as year
    from competence_plan
    group by competence_plan.kommunenummer
),

words as (
    select
        competence_plan.kommunenummer,
        count(*) as n_records,
        string_agg(
            concat_ws(' ', service_area.name, competence_plan.unit, array_to_string(competence_plan.priorities, ' ')),
            ' '
        ) as body
    from competence_plan
    inner join newest
        on newest.kommunenummer = competence_plan.kommunenummer and newest.year = competence_plan.year
    left join service_area on service_area.area_id = competence_plan.area_id
    group by competence_plan.kommunenummer
)

select
    words.kommunenummer,
    municipality.name as municipality_name,
    economic_region.name as region_name,
    newest.year,
    words.n_records,
    words.body
from words
inner join newest on newest.kommunenummer = words.kommunenummer
inner join municipality on municipality.kommunenummer = words.kommunenummer
left join region_member on region_member.kommunenummer = words.kommunenummer
left join region as economic_region
    on economic_region.region_id = region_member.region_id and economic_region.kind = 'okonomisk_region'
where economic_region.region_id is not null
order by words.kommunenummer
