-- Grain: one row per competence plan record (municipality, year, service area, unit), with names;
-- every record when all parameters are null.
-- Key: kommunenummer, year, area_id, unit
-- Parameters: $kommunenummer, $year, $region_id (each nullable).
select
    competence_plan.kommunenummer,
    municipality.name as municipality_name,
    competence_plan.year,
    competence_plan.area_id,
    coalesce(service_area.name, competence_plan.area_id) as area_name,
    coalesce(service_area.sort_order, 999) as area_order,
    competence_plan.unit,
    competence_plan.has_plan,
    competence_plan.last_revised,
    competence_plan.period_start,
    competence_plan.period_end,
    competence_plan.priorities,
    competence_plan.project_ids,
    competence_plan.note,
    competence_plan.source,
    competence_plan.is_example,
    competence_plan.origin,
    competence_plan.registered_by,
    competence_plan.registered_at
from competence_plan
left join municipality on municipality.kommunenummer = competence_plan.kommunenummer
left join service_area on service_area.area_id = competence_plan.area_id
where ($kommunenummer::varchar is null or competence_plan.kommunenummer = $kommunenummer)
    and ($year::integer is null or competence_plan.year = $year)
    and (
        $region_id::varchar is null
        or competence_plan.kommunenummer in (
            select region_member.kommunenummer from region_member where region_member.region_id = $region_id
        )
    )
order by competence_plan.kommunenummer, competence_plan.year, area_order, competence_plan.unit
