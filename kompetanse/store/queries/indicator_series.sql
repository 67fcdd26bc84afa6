-- Grain: one row per municipality of a region and year with a value for one indicator.
-- Key: kommunenummer, year
-- Parameters: $region_id, $indicator_id.
select
    municipality.kommunenummer,
    municipality.name,
    observation.year,
    observation.value,
    observation.numerator,
    observation.denominator,
    observation.source,
    observation.is_example
from region_member
inner join municipality on municipality.kommunenummer = region_member.kommunenummer
inner join observation
    on observation.kommunenummer = municipality.kommunenummer
    and observation.indicator_id = $indicator_id
where region_member.region_id = $region_id
order by observation.year, municipality.name collate nb
