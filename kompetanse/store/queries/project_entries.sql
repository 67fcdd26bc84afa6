-- Grain: one row per project entry, filtered by place, theme, programme and free text (all optional).
-- Key: entry_id
-- Parameters: $kommunenummer, $region_id, $theme, $programme, $text (each nullable; $text is matched
-- literally, so % and _ are letters, not wildcards).
select
    project_entry.entry_id,
    project_entry.title,
    project_entry.kommunenummer,
    municipality.name as municipality_name,
    project_entry.region_id,
    region.name as region_name,
    project_entry.programme,
    project_entry.period_start,
    project_entry.period_end,
    project_entry.themes,
    project_entry.measures_start,
    project_entry.need,
    project_entry.goal,
    project_entry.measures,
    project_entry.result,
    project_entry.anchoring,
    project_entry.source,
    project_entry.origin
from project_entry
left join municipality on municipality.kommunenummer = project_entry.kommunenummer
left join region on region.region_id = project_entry.region_id
where ($kommunenummer::varchar is null or project_entry.kommunenummer = $kommunenummer)
    and (
        $region_id::varchar is null
        or project_entry.region_id = $region_id
        or project_entry.kommunenummer in (
            select region_member.kommunenummer from region_member where region_member.region_id = $region_id
        )
    )
    and ($theme::varchar is null or list_contains(project_entry.themes, $theme))
    and ($programme::varchar is null or project_entry.programme = $programme)
    and (
        $text::varchar is null
        or contains(
            lower(concat_ws(' ', project_entry.title, project_entry.need, project_entry.goal,
                            project_entry.measures, project_entry.result, project_entry.anchoring)),
            lower($text)
        )
    )
order by project_entry.title
