-- Writes: a new project entry (its id is new: an existing entry is never replaced), marked as made in
-- the app, revision 1.
-- Parameters: $entry_id, $title, $kommunenummer, $region_id, $programme, $period_start, $period_end,
-- $themes, $measures_start, $need, $goal, $measures, $result, $anchoring, $source.
insert into project_entry (entry_id, title, kommunenummer, region_id, programme, period_start, period_end,
    themes, measures_start, need, goal, measures, result, anchoring, source, origin, revision)
values ($entry_id, $title, $kommunenummer, $region_id, $programme, $period_start, $period_end, $themes,
    $measures_start, $need, $goal, $measures, $result, $anchoring, $source, 'redigert', 1)
returning project_entry.entry_id
