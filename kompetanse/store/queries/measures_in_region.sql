-- Grain: one row per project entry whose measures (Tiltak) started in a known year, for the
-- municipalities of a region or for the region itself; used as markers on trend charts.
-- Key: entry_id
-- Parameters: $region_id.
select
    project_entry.entry_id,
    project_entry.title,
    project_entry.measures_start as year,
    coalesce(municipality.name, region.name) as place
from project_entry
left join municipality on municipality.kommunenummer = project_entry.kommunenummer
left join region on region.region_id = project_entry.region_id
where project_entry.measures_start is not null
    and (
        project_entry.region_id = $region_id
        or project_entry.kommunenummer in (
            select region_member.kommunenummer
            from region_member
            where region_member.region_id = $region_id
        )
    )
order by project_entry.measures_start, project_entry.title
