-- Grain: one row per 10-FAKTOR result for a service area or unit (municipality, year, factor, area, unit),
-- with names; every municipality when $kommunenummer is null.
-- Key: kommunenummer, year, indicator_id, area_id, unit
-- Parameters: $kommunenummer (nullable).
select
    tifaktor_result.kommunenummer,
    tifaktor_result.year,
    tifaktor_result.indicator_id,
    tifaktor_result.area_id,
    coalesce(service_area.name, tifaktor_result.area_id) as area_name,
    coalesce(service_area.sort_order, 999) as area_order,
    tifaktor_result.unit,
    tifaktor_result.score,
    tifaktor_result.respondents,
    tifaktor_result.source,
    tifaktor_result.is_example
from tifaktor_result
left join service_area on service_area.area_id = tifaktor_result.area_id
where $kommunenummer::varchar is null or tifaktor_result.kommunenummer = $kommunenummer
order by tifaktor_result.kommunenummer, tifaktor_result.year, area_order, tifaktor_result.unit,
    tifaktor_result.indicator_id
