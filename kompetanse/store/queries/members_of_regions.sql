-- Grain: one row per municipality that belongs to any of the given regions or networks.
-- Key: kommunenummer
-- Parameters: $regions (a list of region ids).
select distinct region_member.kommunenummer
from region_member
where list_contains($regions, region_member.region_id)
order by region_member.kommunenummer
