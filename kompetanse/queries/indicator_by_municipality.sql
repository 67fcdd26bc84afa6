-- Grain: one row per municipality in a region for one indicator and year (null value = no data).
-- Parameters: $region_id, $indicator_id, $year.
select
    municipality.kommunenummer,
    municipality.name,
    observation.value,
    observation.numerator,
    observation.denominator,
    observation.source,
    observation.is_example
from region_member
inner join municipality on municipality.kommunenummer = region_member.kommunenummer
left join observation
    on observation.kommunenummer = municipality.kommunenummer
    and observation.indicator_id = $indicator_id
    and observation.year = $year
where region_member.region_id = $region_id
order by municipality.name collate nb
