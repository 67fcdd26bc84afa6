-- Writes: every field of an existing entry, marked as edited in the app, only if it still has the
-- revision the form was opened on (returns nothing otherwise: someone else changed it in between).
-- Parameters: $entry_id, $revision, $title, $kommunenummer, $region_id, $programme, $period_start,
-- $period_end, $themes, $measures_start, $need, $goal, $measures, $result, $anchoring, $source.
update project_entry
set title = $title, kommunenummer = $kommunenummer, region_id = $region_id, programme = $programme,
    period_start = $period_start, period_end = $period_end, themes = $themes,
    measures_start = $measures_start, need = $need, goal = $goal, measures = $measures, result = $result,
    anchoring = $anchoring, source = $source, origin = 'redigert', revision = project_entry.revision + 1
where project_entry.entry_id = $entry_id and coalesce(project_entry.revision, 0) = $revision
returning project_entry.entry_id
