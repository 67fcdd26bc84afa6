-- Grain: one row per region or network a municipality belongs to.
-- Key: region_id
-- Parameters: $kommunenummer.
select region.region_id, region.name, region.kind
from region_member
inner join region on region.region_id = region_member.region_id
where region_member.kommunenummer = $kommunenummer
order by region.kind desc, region.name collate nb
