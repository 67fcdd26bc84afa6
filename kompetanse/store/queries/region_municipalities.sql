-- Grain: one row per municipality in a region.
-- Key: kommunenummer
-- Parameters: $region_id.
select
    municipality.kommunenummer,
    municipality.name,
    municipality.official_name,
    county.name as county_name
from region_member
inner join municipality on municipality.kommunenummer = region_member.kommunenummer
inner join county on county.county_code = municipality.county_code
where region_member.region_id = $region_id
order by municipality.name collate nb
