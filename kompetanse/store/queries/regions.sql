-- Grain: one row per region (SSB economic region or own network), for the region picker.
-- Key: region_id
-- Parameters: none.
select
    region.region_id,
    region.name,
    region.kind,
    region.slug,
    county.name as county_name,
    count(region_member.kommunenummer) as member_count
from region
left join county on county.county_code = region.county_code
left join region_member on region_member.region_id = region.region_id
group by region.region_id, region.name, region.kind, region.slug, county.name
order by region.kind desc, region.name collate nb
