-- Grain: one row per municipality of a region with its boundary (GeoJSON geometry text).
-- Key: kommunenummer
-- Parameters: $region_id.
select
    boundary.kommunenummer,
    boundary.geometry_json
from boundary
inner join region_member on region_member.kommunenummer = boundary.kommunenummer
where region_member.region_id = $region_id
order by boundary.kommunenummer
