-- Grain: one row per municipality with a KOSTRA group (SSB KLASS 112), with the group's region id and name.
-- Key: kommunenummer
-- Parameters: none.
select
    region_member.kommunenummer,
    region.region_id as group_id,
    region.name as group_name
from region_member
inner join region on region.region_id = region_member.region_id
where region.kind = 'kostragruppe'
order by region_member.kommunenummer
