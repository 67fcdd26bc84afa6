-- Grain: one row: how many municipalities get a KOSTRA group, change group or lose theirs, and how
-- many keep the same.
-- Key: (one row)
-- Parameters: none; the fetched groups are registered as the frame `staged_groups` (kommunenummer,
-- region_id, name).
with held as (
    select region_member.kommunenummer, region.region_id, region.name
    from region_member
    inner join region on region.region_id = region_member.region_id
    where region.kind = 'kostragruppe'
)

select
    count(*) filter (where held.kommunenummer is null) as rows_new,
    count(*) filter (
        where held.kommunenummer is not null
            and (held.region_id <> staged.region_id or held.name <> staged.name)
    ) as rows_changed,
    count(*) filter (
        where held.region_id = staged.region_id and held.name = staged.name
    ) as rows_unchanged,
    (
        select count(*) from held as gone
        where gone.kommunenummer not in (select kommunenummer from staged_groups)
    ) as rows_removed,
    (select count(distinct region_id) from staged_groups) as groups
from staged_groups as staged
left join held on held.kommunenummer = staged.kommunenummer
