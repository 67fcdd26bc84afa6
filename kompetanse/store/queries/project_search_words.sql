-- Grain: one row per project entry with its words for search (title, and the body of its texts).
-- Key: entry_id
-- Parameters: none.
select
    project_entry.entry_id,
    project_entry.title,
    project_entry.kommunenummer,
    region.name as region_name,
    concat_ws(' ', project_entry.programme, project_entry.need, project_entry.goal, project_entry.measures,
              project_entry.result) as body
from project_entry
left join region on region.region_id = project_entry.region_id
order by project_entry.title
