-- Grain: one row per project entry with its words for search (title, and the body of its texts), and
-- the region its page opens in (its own region, or the SSB region of its municipality).
-- Key: entry_id
-- Parameters: none.
with home_region as (
    select
        region_member.kommunenummer,
        region.name
    from region_member
    inner join region on region.region_id = region_member.region_id
    where region.kind = 'okonomisk_region'
)

select
    project_entry.entry_id,
    project_entry.title,
    project_entry.kommunenummer,
    coalesce(region.name, home_region.name) as region_name,
    concat_ws(' ', project_entry.programme, project_entry.need, project_entry.goal, project_entry.measures,
              project_entry.result) as body
from project_entry
left join region on region.region_id = project_entry.region_id
left join home_region on home_region.kommunenummer = project_entry.kommunenummer
order by project_entry.title
