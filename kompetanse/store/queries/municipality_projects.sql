-- Grain: one row per project entry about a municipality or a region/network it belongs to.
-- Key: entry_id
-- Parameters: $kommunenummer.
select
    project_entry.entry_id,
    project_entry.title,
    project_entry.programme,
    project_entry.period_start,
    project_entry.period_end,
    project_entry.need,
    project_entry.goal,
    project_entry.measures,
    project_entry.result,
    project_entry.anchoring,
    project_entry.source
from project_entry
where project_entry.kommunenummer = $kommunenummer
    or project_entry.region_id in (
        select region_member.region_id from region_member where region_member.kommunenummer = $kommunenummer
    )
order by project_entry.title
