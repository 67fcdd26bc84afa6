-- Writes: a new project entry, or every field of an existing one, marked as edited in the app.
-- Parameters: $entry_id, $title, $kommunenummer, $region_id, $programme, $period_start, $period_end,
-- $themes, $measures_start, $need, $goal, $measures, $result, $anchoring, $source.
insert or replace into project_entry (entry_id, title, kommunenummer, region_id, programme, period_start,
    period_end, themes, measures_start, need, goal, measures, result, anchoring, source, origin)
values ($entry_id, $title, $kommunenummer, $region_id, $programme, $period_start, $period_end, $themes,
    $measures_start, $need, $goal, $measures, $result, $anchoring, $source, 'redigert')
