-- Grain: one row per municipality valid from 2024, with its county and SSB economic region.
-- Key: kommunenummer
-- Parameters: none.
select
    municipality.kommunenummer,
    municipality.name,
    municipality.official_name,
    county.name as county_name,
    economic_region.region_id as economic_region_id,
    economic_region.name as economic_region_name
from municipality
inner join county on county.county_code = municipality.county_code
left join region_member on region_member.kommunenummer = municipality.kommunenummer
left join region as economic_region
    on economic_region.region_id = region_member.region_id
    and economic_region.kind = 'okonomisk_region'
where economic_region.region_id is not null
order by municipality.kommunenummer
