-- Grain: one row: the newest year with any value for an indicator in a region.
-- Parameters: $region_id, $indicator_id.
select max(observation.year) as year
from observation
inner join region_member on region_member.kommunenummer = observation.kommunenummer
where region_member.region_id = $region_id
    and observation.indicator_id = $indicator_id
