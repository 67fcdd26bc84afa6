-- Writes: the KOSTRA groups (regions of kind 'kostragruppe') and their members, as KLASS 112 gives them.
-- Parameters: none; the groups are registered as the frame `staged_groups` (kommunenummer, region_id,
-- name, slug, source).
delete from region_member
where region_id in (select region_id from region where kind = 'kostragruppe');
delete from region where kind = 'kostragruppe';
insert into region (region_id, name, kind, slug, county_code, source)
select distinct staged.region_id, staged.name, 'kostragruppe', staged.slug, null, staged.source
from staged_groups as staged;
insert into region_member (region_id, kommunenummer)
select staged.region_id, staged.kommunenummer
from staged_groups as staged;
