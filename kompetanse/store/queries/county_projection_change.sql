-- Grain: one row per county of the region's municipalities and projection alternative: SSB's 14288
-- total population in a start year and at the horizon.
-- Key: county_code, alternative
-- Parameters: $region_id, $start, $horizon.
select
    county.county_code,
    county.name as county_name,
    projection.alternative,
    max(case when projection.year = $start then projection.persons end) as start_persons,
    max(case when projection.year = $horizon then projection.persons end) as horizon_persons,
    any_value(projection.source) as source
from county_projection as projection
inner join county on county.county_code = projection.county_code
where projection.county_code in (
    select municipality.county_code
    from region_member
    inner join municipality on municipality.kommunenummer = region_member.kommunenummer
    where region_member.region_id = $region_id
)
    and projection.year in ($start, $horizon)
group by county.county_code, county.name, projection.alternative
order by county.county_code, projection.alternative
