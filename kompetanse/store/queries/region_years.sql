-- Grain: one row per year in which a region's municipalities have figures for the themes
-- (population figures alone do not count), newest first.
-- Key: year
-- Parameters: $region_id.
select distinct observation.year
from observation
inner join region_member on region_member.kommunenummer = observation.kommunenummer
inner join indicator on indicator.indicator_id = observation.indicator_id
where region_member.region_id = $region_id
    and indicator.theme_id <> 'befolkning'
order by observation.year desc
